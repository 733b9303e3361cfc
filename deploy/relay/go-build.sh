# Sourced, not run, by the scripts that build pinned Go programs from source into one cache:
# deploy/relay/build-image.sh (derper), scripts/ci/tailnet-tools.sh (tailscaled, tailscale, derpprobe,
# headscale) and scripts/ci/kustomize.sh. The sourcing script defines die() first.

go_build_versions=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/versions.env

# pin NAME: the vX.Y.Z versions.env gives NAME. The file holds plain KEY=value lines; it is read, never sourced.
pin() {
  local value
  value=$(sed -n "s/^$1=\\([^[:space:]]*\\)[[:space:]]*\$/\\1/p" "$go_build_versions" | tail -n 1)
  [ -n "$value" ] || die "$1 is not set in $go_build_versions"
  [[ $value =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "$1=$value in $go_build_versions is not vX.Y.Z"
  printf '%s' "$value"
}

# go_bin_cache_root: prints (and creates) the folder built Go programs are kept in, shared by every checkout on
# the machine and kept between CI runs: DERP_RELAY_GO_BIN_CACHE, else /var/cache/derpmanagement/go-bin when
# writable, else ${XDG_CACHE_HOME:-~/.cache}/derpmanagement/go-bin. Callers key their sub-folders by everything
# a binary depends on (version, Go version, flags), so a new Go or new flags never reuse an old binary.
go_bin_cache_root() {
  local root=${DERP_RELAY_GO_BIN_CACHE:-}
  if [ -z "$root" ]; then
    root=/var/cache/derpmanagement/go-bin
    if ! mkdir -p "$root" 2>/dev/null || [ ! -w "$root" ]; then
      root=${XDG_CACHE_HOME:-$HOME/.cache}/derpmanagement/go-bin
    fi
  fi
  mkdir -p "$root" || die "cannot create the Go build cache $root"
  printf '%s' "$root"
}

# go_bin_build_into DIR COMMAND...: runs COMMAND with GO_BIN_OUT naming a fresh folder beside DIR, then renames
# that folder to DIR, so an interrupted build never leaves half-written binaries where the next run would take
# them for finished ones. Returns non-zero, leaving nothing behind, when COMMAND fails.
go_bin_build_into() {
  local dir=$1 partial
  shift
  partial=$(mktemp -d "$(dirname "$dir")/.partial-$(basename "$dir")-XXXXXX") || return 1
  chmod 0755 "$partial"
  if ! GO_BIN_OUT=$partial "$@"; then
    rm -rf "$partial"
    return 1
  fi
  # An incomplete DIR (a program missing) is replaced; a DIR that another run finished meanwhile is as good as
  # ours, so losing that race is fine.
  rm -rf "$dir" 2>/dev/null || true
  mv -T "$partial" "$dir" 2>/dev/null || rm -rf "$partial"
}
