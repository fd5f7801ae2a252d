FROM alpine:3.22 AS build
RUN echo built > /out.txt

FROM alpine:3.22
COPY --from=biuld /out.txt /out.txt
