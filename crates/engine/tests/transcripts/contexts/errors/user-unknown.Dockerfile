FROM alpine:3.22
USER nobody2
RUN echo hi
