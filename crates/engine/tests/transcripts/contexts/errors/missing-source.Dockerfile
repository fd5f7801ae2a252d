FROM alpine:3.22
COPY app.txt missing.txt /app/
