FROM alpine:9.99
