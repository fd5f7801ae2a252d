FROM alpine:3.22
RUN echo "step one" && \
    ls /nonexistent
RUN echo never
