FROM alpine:3.22
RUN --mount=type=foo,target=/x echo hi
