FROM alpine:3.22
RUNN echo hi
