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
log() { printf '[kustomize] %s\n' "$*" >&2; }
die() {
  printf '[kustomize] ERROR: %s\n' "$*" >&2
  exit 1
}

. "$root/deploy/relay/go-build.sh"
version=$(pin KUSTOMIZE_VERSION)
command -v go >/dev/null || die "Go is not installed (kustomize $version is built from source)"

# The Go on this machine, never a downloaded toolchain: the cache key below must name the compiler really used.
export GOTOOLCHAIN=local CGO_ENABLED=0
go_version=$(go env GOVERSION)
flags=(-trimpath "-ldflags=-s -w")
flags_hash=$(printf '%s' "${flags[*]}" | sha256sum | cut -c1-8)

cache_root=$(go_bin_cache_root)
dir=$cache_root/kustomize-$version-$go_version-$flags_hash

if [ -x "$dir/kustomize" ]; then
  log "kustomize $version ($go_version) from the cache: $dir/kustomize"
  printf '%s\n' "$dir/kustomize"
  exit 0
fi

log "building kustomize $version with $go_version (a minute or two on 2 cores when Go's caches are cold)"
t0=$SECONDS
# shellcheck disable=SC2317 # called through go_bin_build_into
install_kustomize() { GOBIN=$GO_BIN_OUT go install "${flags[@]}" "sigs.k8s.io/kustomize/kustomize/v5@$version" >&2; }
go_bin_build_into "$dir" install_kustomize || die "go install sigs.k8s.io/kustomize/kustomize/v5@$version failed (see above)"
[ -x "$dir/kustomize" ] || die "$dir/kustomize is missing after the build"
log "kustomize built in $((SECONDS - t0)) s"
printf '%s\n' "$dir/kustomize"
