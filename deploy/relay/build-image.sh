#!/usr/bin/env bash
# Builds the relay image without any registry: derper from Tailscale's source with the Go on this machine
# (CGO_ENABLED=0, a static binary), the entrypoint in ./entrypoint, and this machine's CA certificates, packed
# into a FROM scratch image. Idempotent and cached twice over:
#   - derper is built once per (Tailscale version, Go version) into a cache folder and reused from there;
#   - the image is tagged <repo>:<version>-<hash of every input> and not rebuilt while that tag exists.
# It is also tagged <repo>:<version>. Prints the full tag on stdout; progress and timings go to stderr.
#
#   deploy/relay/build-image.sh              build (or reuse) the image
#   deploy/relay/build-image.sh --print-tag  print the tag the current sources produce, build nothing
#
#   DERP_RELAY_IMAGE_REPO   image repository (default derpmanagement/derper)
#   DERP_RELAY_GO_BIN_CACHE where built Go programs are kept (default /var/cache/derpmanagement/go-bin when
#                           writable, else ${XDG_CACHE_HOME:-~/.cache}/derpmanagement/go-bin)
#   DERP_RELAY_CA_BUNDLE    CA certificates to include (default /etc/ssl/certs/ca-certificates.crt)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
log() { printf '[relay-image] %s\n' "$*" >&2; }
die() {
  printf '[relay-image] ERROR: %s\n' "$*" >&2
  exit 1
}

mode=build
case "${1:-}" in
  "") ;;
  --print-tag) mode=print-tag ;;
  *) die "unknown argument '$1' (usage: $0 [--print-tag])" ;;
esac

. "$here/go-build.sh"
tailscale_version=$(pin TAILSCALE_VERSION)

repo=${DERP_RELAY_IMAGE_REPO:-derpmanagement/derper}
ca_bundle=${DERP_RELAY_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
[ -r "$ca_bundle" ] || die "CA certificates not found at $ca_bundle (install ca-certificates or set DERP_RELAY_CA_BUNDLE)"
command -v go >/dev/null || die "Go is not installed (derper needs Go >= 1.26.6 for $tailscale_version)"

# The Go on this machine, never a downloaded toolchain: the cache key below must name the compiler really used.
export GOTOOLCHAIN=local CGO_ENABLED=0
go_version=$(go env GOVERSION)
go_flags=(-trimpath "-ldflags=-s -w")
# What Tailscale's build_dist.sh stamps; without it `derper -version` and /debug/vars say "1.102.3-ERR-BuildInfo",
# since a module-mode `go install` carries no VCS data.
stamp=${tailscale_version#v}
derper_flags=(-trimpath "-ldflags=-s -w -X tailscale.com/version.longStamp=$stamp -X tailscale.com/version.shortStamp=$stamp")

# Everything that ends up in the image, so that a change to any of it makes a new tag.
input_hash=$(
  {
    printf 'tailscale=%s\ngo=%s\nflags=%s\nderper=%s\n' "$tailscale_version" "$go_version" "${go_flags[*]}" "${derper_flags[*]}"
    for f in "$here/build-image.sh" "$here/scratch.Dockerfile" "$here/entrypoint/go.mod" "$here"/entrypoint/*.go; do
      case "$f" in *_test.go) continue ;; esac
      printf '%s\n' "${f#"$here"/}"
      cat "$f"
    done
    sha256sum <"$ca_bundle"
  } | sha256sum | cut -c1-12
)
tag=$repo:$tailscale_version-$input_hash
version_tag=$repo:$tailscale_version

if [ "$mode" = print-tag ]; then
  printf '%s\n' "$tag"
  exit 0
fi

command -v docker >/dev/null || die "the docker CLI is not installed"
docker info >/dev/null 2>&1 || die "no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unset}); start one with scripts/ci/ensure-docker.sh"

started=$SECONDS
if docker image inspect "$tag" >/dev/null 2>&1; then
  docker tag "$tag" "$version_tag"
  log "$tag is already built from these sources: nothing to do"
  printf '%s\n' "$tag"
  exit 0
fi

cache_root=$(go_bin_cache_root)
# Keyed by everything the binary depends on, so a new Go or new flags never reuse an old binary.
flags_hash=$(printf '%s' "${derper_flags[*]}" | sha256sum | cut -c1-8)
derper_dir=$cache_root/derper-$tailscale_version-$go_version-$flags_hash
derper_bin=$derper_dir/derper

if [ -x "$derper_bin" ]; then
  log "derper $tailscale_version ($go_version) from the cache: $derper_bin"
else
  log "building derper $tailscale_version with $go_version (a few minutes on 2 cores when Go's caches are cold)"
  t0=$SECONDS
  # shellcheck disable=SC2317 # called through go_bin_build_into
  install_derper() { GOBIN=$GO_BIN_OUT go install "${derper_flags[@]}" "tailscale.com/cmd/derper@$tailscale_version"; }
  go_bin_build_into "$derper_dir" install_derper || die "go install tailscale.com/cmd/derper@$tailscale_version failed (see above)"
  [ -x "$derper_bin" ] || die "$derper_bin is missing after the build"
  log "derper built in $((SECONDS - t0)) s"
fi

context=$(mktemp -d "${TMPDIR:-/tmp}/derp-relay-image-XXXXXX")
trap 'rm -rf "$context"' EXIT
mkdir -p "$context/rootfs/etc/ssl/certs"

t0=$SECONDS
(cd "$here/entrypoint" && go build "${go_flags[@]}" -buildvcs=false -o "$context/rootfs/relay-entrypoint" .) \
  || die "building the entrypoint failed (see above)"
log "entrypoint built in $((SECONDS - t0)) s"

install -m 0755 "$derper_bin" "$context/rootfs/derper"
install -m 0644 "$ca_bundle" "$context/rootfs/etc/ssl/certs/ca-certificates.crt"
cp "$here/scratch.Dockerfile" "$context/Dockerfile"

t0=$SECONDS
# FROM scratch: nothing is pulled, so this works on an engine without any registry.
docker build --quiet \
  --label "org.opencontainers.image.title=derper" \
  --label "org.opencontainers.image.version=$tailscale_version" \
  --label "org.derpmanagement.relay.inputs=$input_hash" \
  --tag "$tag" --tag "$version_tag" \
  "$context" >/dev/null || die "docker build failed (see above)"
log "image built in $((SECONDS - t0)) s"

# Earlier builds of the same version are garbage once the tags moved; one still used by a container stays.
docker image ls --filter "reference=$repo:$tailscale_version-*" --format '{{.Repository}}:{{.Tag}}' |
  while read -r old; do
    [ "$old" = "$tag" ] && continue
    docker image rm "$old" >/dev/null 2>&1 && log "removed the older build $old" || log "kept $old: still in use"
  done

size=$(docker image inspect --format '{{.Size}}' "$tag")
log "$tag ready: $((size / 1024 / 1024)) MiB, $((SECONDS - started)) s in all"
printf '%s\n' "$tag"
