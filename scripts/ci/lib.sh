# Shared by the CI scripts (sourced, not run). Logs go to stderr so that callers can keep stdout clean.

ci_log() { printf '[ci] %s\n' "$*" >&2; }

ci_die() {
  printf '[ci] ERROR: %s\n' "$*" >&2
  exit 1
}

# Installs Debian packages without prompts. The package lists are refreshed only when something is actually
# installed, and at most once an hour, so that a second ensure-script in the same run does not fetch them again.
ci_apt_install() {
  [ "$(id -u)" = 0 ] || ci_die "installing $* needs root (run as root or install it yourself)"
  local stamp=/var/lib/apt/derp-ci-updated
  if [ -z "$(find "$stamp" -mmin -60 2>/dev/null)" ]; then
    ci_log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q >&2 || ci_die "apt-get update failed"
    touch "$stamp"
  fi
  ci_log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "$@" >&2 \
    || ci_die "apt-get install $* failed"
}

# Installs packages that ship a service (nginx, prometheus) without starting it: the tests run their own
# instances on free ports. A package's postinst starts its service unless policy-rc.d forbids it (101: "action
# not allowed"), so such a policy is in place for the install when there is none, and removed again after it.
ci_apt_install_without_starting() {
  local policy=/usr/sbin/policy-rc.d
  if [ -e "$policy" ]; then
    ci_apt_install "$@"
    return
  fi
  (
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    ci_apt_install "$@"
  )
}

# Polls a command until it succeeds or the time is up; returns non-zero on timeout.
ci_wait_for() {
  local seconds=$1
  shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}
