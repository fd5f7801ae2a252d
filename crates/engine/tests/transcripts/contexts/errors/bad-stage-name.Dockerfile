FROM alpine:3.22 AS 1bad
RUN echo
