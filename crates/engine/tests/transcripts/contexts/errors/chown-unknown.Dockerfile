FROM alpine:3.22
COPY --chown=nobody2:nobody2 app.txt /app/app.txt
RUN ls -ln /app
