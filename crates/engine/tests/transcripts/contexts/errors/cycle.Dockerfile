FROM alpine:3.22 AS a
COPY --from=b /b.txt /b.txt

FROM alpine:3.22 AS b
COPY --from=a /a.txt /a.txt
