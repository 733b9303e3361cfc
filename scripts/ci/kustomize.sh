#!/usr/bin/env bash
# Builds kustomize (sigs.k8s.io/kustomize/kustomize/v5) from source with the Go on this machine, at the version
# pinned in deploy/relay/versions.env, for rendering deploy/k8s in the tests. Cached like the relay tools: built
# once per (version, Go version, flags) into the shared go-bin cache folder and reused from there.
# Prints the path of the kustomize binary on stdout; progress and timings go to stderr.
#
#   DERP_RELAY_GO_BIN_CACHE  where built Go programs are kept (default /var/cache/derpmanagement/go-bin when
#                            writable, else ${XDG_CACHE_HOME:-~/.cache}/derpmanagement/go-bin)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
versions=$root/deploy/relay/versions.env
log() { printf '[kustomize] %s\n' "$*" >&2; }
die() {
  printf '[kustomize] ERROR: %s\n' "$*" >&2
  exit 1
}

version=$(sed -n 's/^KUSTOMIZE_VERSION=\([^[:space:]]*\)[[:space:]]*$/\1/p' "$versions" | tail -n 1)
[[ $version =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "KUSTOMIZE_VERSION='$version' in $versions is not vX.Y.Z"
command -v go >/dev/null || die "Go is not installed (kustomize $version is built from source)"

# The Go on this machine, never a downloaded toolchain: the cache key below must name the compiler really used.
export GOTOOLCHAIN=local CGO_ENABLED=0
go_version=$(go env GOVERSION)
flags=(-trimpath "-ldflags=-s -w")
flags_hash=$(printf '%s' "${flags[*]}" | sha256sum | cut -c1-8)

cache_root=${DERP_RELAY_GO_BIN_CACHE:-}
if [ -z "$cache_root" ]; then
  cache_root=/var/cache/derpmanagement/go-bin
  if ! mkdir -p "$cache_root" 2>/dev/null || [ ! -w "$cache_root" ]; then
    cache_root=${XDG_CACHE_HOME:-$HOME/.cache}/derpmanagement/go-bin
  fi
fi
mkdir -p "$cache_root"
dir=$cache_root/kustomize-$version-$go_version-$flags_hash

if [ -x "$dir/kustomize" ]; then
  log "kustomize $version ($go_version) from the cache: $dir/kustomize"
  printf '%s\n' "$dir/kustomize"
  exit 0
fi

log "building kustomize $version with $go_version (a minute or two on 2 cores when Go's caches are cold)"
# Built into a fresh folder and renamed into place, so an interrupted build never leaves a half-written binary
# where the next run would take it for a finished one.
partial=$(mktemp -d "$cache_root/.partial-kustomize-XXXXXX")
chmod 0755 "$partial"
t0=$SECONDS
if ! GOBIN=$partial go install "${flags[@]}" "sigs.k8s.io/kustomize/kustomize/v5@$version" >&2; then
  rm -rf "$partial"
  die "go install sigs.k8s.io/kustomize/kustomize/v5@$version failed (see above)"
fi
if ! mv -T "$partial" "$dir" 2>/dev/null; then
  # Another run finished the same build first; its binary is as good as ours.
  rm -rf "$partial"
fi
[ -x "$dir/kustomize" ] || die "$dir/kustomize is missing after the build"
log "kustomize built in $((SECONDS - t0)) s"
printf '%s\n' "$dir/kustomize"
