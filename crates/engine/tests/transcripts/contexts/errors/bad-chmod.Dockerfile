FROM alpine:3.22
COPY --chmod=u+q app.txt /app.txt
