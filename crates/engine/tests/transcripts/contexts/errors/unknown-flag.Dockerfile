FROM alpine:3.22 AS build
COPY --form=build /app.txt /copy.txt
