FROM alpine:3.22
EXPOSE 80/xyz
