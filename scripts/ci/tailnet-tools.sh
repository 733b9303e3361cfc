#!/usr/bin/env bash
# Builds the real Tailscale and headscale programs the tailnet end-to-end test drives (tailscaled, tailscale,
# derpprobe, headscale) from source with the Go on this machine (GOTOOLCHAIN=local, CGO_ENABLED=0), at the
# versions pinned in deploy/relay/versions.env. Cached like derper in deploy/relay/build-image.sh: each group is
# built once per (version, Go version, flags) into the shared go-bin cache folder and reused from there.
# Prints, on stdout, one folder holding all four programs; progress and timings go to stderr.
#
#   scripts/ci/tailnet-tools.sh     build (or reuse) the tools and print their folder
#
#   DERP_RELAY_GO_BIN_CACHE  where built Go programs are kept (default /var/cache/derpmanagement/go-bin when
#                            writable, else ${XDG_CACHE_HOME:-~/.cache}/derpmanagement/go-bin)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
log() { printf '[tailnet-tools] %s\n' "$*" >&2; }
die() {
  printf '[tailnet-tools] ERROR: %s\n' "$*" >&2
  exit 1
}

. "$root/deploy/relay/go-build.sh"
client_version=$(pin TAILSCALE_CLIENT_VERSION)
headscale_version=$(pin HEADSCALE_VERSION)
command -v go >/dev/null || die "Go is not installed (headscale $headscale_version and tailscale $client_version need Go >= 1.26)"

# The Go on this machine, never a downloaded toolchain: the cache key below must name the compiler really used.
export GOTOOLCHAIN=local CGO_ENABLED=0
go_version=$(go env GOVERSION)
# The same stamp Tailscale's build_dist.sh sets; without it the client calls itself "<version>-ERR-BuildInfo",
# since a module-mode `go install` carries no VCS data.
stamp=${client_version#v}
client_flags=(-trimpath "-ldflags=-s -w -X tailscale.com/version.longStamp=$stamp -X tailscale.com/version.shortStamp=$stamp")
headscale_flags=(-trimpath "-ldflags=-s -w")

cache_root=$(go_bin_cache_root)

# build <name> <version> <flags-array-name> <program>... : one build per group into
# $cache_root/<name>-<version>-<go version>-<flags hash>/, which is echoed. Every program must live in one module.
build() {
  local name=$1 version=$2 flags_name=$3
  shift 3
  local -n flags=$flags_name
  local flags_hash dir t0 program missing=
  flags_hash=$(printf '%s' "${flags[*]}" | sha256sum | cut -c1-8)
  dir=$cache_root/$name-$version-$go_version-$flags_hash
  for program in "$@"; do
    [ -x "$dir/${program##*/}" ] || missing=yes
  done
  if [ -z "$missing" ]; then
    log "$name $version ($go_version) from the cache: $dir"
    printf '%s\n' "$dir"
    return
  fi
  log "building $name $version with $go_version: ${*##*/} (minutes on 2 cores when Go's caches are cold)"
  t0=$SECONDS
  # Not `go install pkg@version`: that also asks the proxy for the module's version list (to report
  # deprecations), which proxy.golang.org refuses for headscale (403). Downloading the one pinned version and
  # building inside it uses the module's own go.mod and go.sum, exactly as `go install` would.
  local module=$1 module_dir
  module=${module%%/cmd/*}
  module_dir=$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') || true
  [ -n "$module_dir" ] || die "go mod download $module@$version failed (see above)"
  # shellcheck disable=SC2317 # called through go_bin_build_into
  build_group() { (cd "$module_dir" && go build "${flags[@]}" -o "$GO_BIN_OUT/" "${@/#$module/.}" >&2); }
  go_bin_build_into "$dir" build_group "$@" || die "building $name $version failed (see above)"
  for program in "$@"; do
    [ -x "$dir/${program##*/}" ] || die "$dir/${program##*/} is missing after the build"
  done
  log "$name built in $((SECONDS - t0)) s"
  printf '%s\n' "$dir"
}

started=$SECONDS
client_dir=$(build tailscale-client "$client_version" client_flags \
  tailscale.com/cmd/tailscaled tailscale.com/cmd/tailscale tailscale.com/cmd/derpprobe)
headscale_dir=$(build headscale "$headscale_version" headscale_flags github.com/juanfont/headscale/cmd/headscale)

# One folder with all four, named after both cache folders, so callers need a single path.
bin_dir=$cache_root/tailnet-tools-$(printf '%s\n%s\n' "$client_dir" "$headscale_dir" | sha256sum | cut -c1-12)
if [ ! -d "$bin_dir" ]; then
  # shellcheck disable=SC2317 # called through go_bin_build_into
  link_tools() {
    for program in tailscaled tailscale derpprobe; do ln -s "$client_dir/$program" "$GO_BIN_OUT/$program"; done
    ln -s "$headscale_dir/headscale" "$GO_BIN_OUT/headscale"
  }
  go_bin_build_into "$bin_dir" link_tools || die "could not link the tools into $bin_dir"
fi
log "tools ready in $bin_dir ($((SECONDS - started)) s)"
printf '%s\n' "$bin_dir"
