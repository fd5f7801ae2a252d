FROM alpine:3.22
RUN adduser -D app
USER app:nosuchgroup
RUN echo hi
