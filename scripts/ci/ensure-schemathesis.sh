#!/usr/bin/env bash
# Installs schemathesis (the OpenAPI fuzzer that e2e/openapi-schemathesis.spec.ts runs) from PyPI into its own
# virtualenv, once per version, and prints the path of its `st` program on stdout. Progress goes to stderr.
#
#   scripts/ci/ensure-schemathesis.sh           install (or reuse) and print the path of `st`
#   scripts/ci/ensure-schemathesis.sh --check   print the path only when it is installed; exit 1 otherwise
#
#   DERP_SCHEMATHESIS_VENV  where the virtualenv lives (default /var/cache/derpmanagement/schemathesis-<version>
#                           when writable, else ${XDG_CACHE_HOME:-~/.cache}/derpmanagement/schemathesis-<version>)
set -euo pipefail

version=4.32.5
log() { printf '[schemathesis] %s\n' "$*" >&2; }
die() {
  printf '[schemathesis] ERROR: %s\n' "$*" >&2
  exit 1
}

if [ -z "${DERP_SCHEMATHESIS_VENV:-}" ]; then
  if mkdir -p /var/cache/derpmanagement 2>/dev/null && [ -w /var/cache/derpmanagement ]; then
    DERP_SCHEMATHESIS_VENV=/var/cache/derpmanagement/schemathesis-$version
  else
    DERP_SCHEMATHESIS_VENV=${XDG_CACHE_HOME:-$HOME/.cache}/derpmanagement/schemathesis-$version
  fi
fi
st=$DERP_SCHEMATHESIS_VENV/bin/st

# A venv whose `st` answers with the pinned version is complete; anything else is built again from scratch.
if [ -x "$st" ] && "$st" --version 2>/dev/null | grep -q "$version"; then
  printf '%s\n' "$st"
  exit 0
fi
[ "${1:-}" != --check ] || exit 1
command -v python3 >/dev/null || die "python3 is not installed (schemathesis $version needs Python >= 3.9)"
log "installing schemathesis $version into $DERP_SCHEMATHESIS_VENV"
rm -rf "$DERP_SCHEMATHESIS_VENV"
mkdir -p "$(dirname "$DERP_SCHEMATHESIS_VENV")"
python3 -m venv "$DERP_SCHEMATHESIS_VENV" >&2 || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
"$DERP_SCHEMATHESIS_VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version" >&2 \
  || die "pip install schemathesis==$version failed"
"$st" --version >&2 || die "$st does not run"
printf '%s\n' "$st"
