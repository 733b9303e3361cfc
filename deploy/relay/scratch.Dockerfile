# The relay image as build-image.sh builds it: a context holding rootfs/ (derper, the entrypoint, CA certificates)
# and this file. The final stage of ./Dockerfile is the same with `COPY --from=build /rootfs/ /`; a unit test
# (deploy/relay/dockerfile.test.ts) keeps the two equal.
FROM scratch
COPY rootfs/ /
EXPOSE 443/tcp 3478/udp
ENTRYPOINT ["/relay-entrypoint"]
