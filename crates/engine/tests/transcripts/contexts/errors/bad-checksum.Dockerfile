FROM alpine:3.22
ADD --checksum=sha256:24454f830c https://example.com/tool.tar.gz /opt/
