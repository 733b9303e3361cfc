#!/usr/bin/env bash
# Makes a Docker engine answer on a local socket for the integration tests. Idempotent: an engine that already
# answers is left alone. Otherwise Debian's docker.io is installed if dockerd is missing and dockerd is started
# in the background with the vfs storage driver (works inside containers without overlayfs) and its own data
# and exec roots, so it never touches another engine's state. Nothing is exported: tests find the engine
# the way this script looks for it, through DOCKER_HOST or else the default socket.
#
#   DOCKER_HOST           unix://<socket> picks the socket; tcp:// or ssh:// engines must already answer
#   DERP_CI_DOCKER_DIR    state folder (default /var/lib/derp-ci-docker): data/, exec/, dockerd.pid, dockerd.log
#   DERP_CI_DOCKER_WAIT   seconds to wait for the engine to answer (default 90)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

dir=${DERP_CI_DOCKER_DIR:-/var/lib/derp-ci-docker}
wait_seconds=${DERP_CI_DOCKER_WAIT:-90}
pidfile=$dir/dockerd.pid
logfile=$dir/dockerd.log

case "${DOCKER_HOST:-}" in
  "") sock=/var/run/docker.sock ;;
  unix://?*) sock=${DOCKER_HOST#unix://} ;;
  *)
    # A remote engine cannot be started from here; it either answers or the tests cannot run.
    command -v docker >/dev/null && docker info >/dev/null 2>&1 \
      || ci_die "DOCKER_HOST=$DOCKER_HOST does not answer (unset it to use a local engine)"
    ci_log "docker engine answers on DOCKER_HOST=$DOCKER_HOST"
    exit 0
    ;;
esac

answers() { docker -H "unix://$sock" info >/dev/null 2>&1; }

if command -v docker >/dev/null && answers; then
  ci_log "docker engine answers on $sock"
  exit 0
fi

if ! command -v dockerd >/dev/null; then
  ci_apt_install docker.io
  command -v dockerd >/dev/null || ci_die "docker.io was installed but dockerd is not on PATH"
fi
command -v docker >/dev/null || ci_die "dockerd is installed but the docker CLI is missing"

mkdir -p "$dir/data" "$dir/exec"

# True while pid $1 is a live process named $2 (or $3). A killed daemon can linger as a zombie (this machine's
# init reaps late) and kill -0 succeeds on zombies, so name and state are read from /proc.
process_alive() {
  local comm
  comm=$(cat "/proc/$1/comm" 2>/dev/null) || return 1
  [ "$comm" = "$2" ] || [ "$comm" = "${3:-$2}" ] || return 1
  [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]
}
# setsid execs dockerd under the same pid, so right after the start the name may still be setsid.
dockerd_alive() { process_alive "$1" dockerd setsid; }

# A daemon from an earlier run may still be starting; wait for it rather than starting a second one.
running_pid=""
if [ -f "$pidfile" ]; then
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if dockerd_alive "$pid"; then
    running_pid=$pid
  else
    ci_log "removing stale pid file $pidfile"
    rm -f "$pidfile"
  fi
fi

if [ -z "$running_pid" ]; then
  # dockerd runs its own containerd under the exec root. If an earlier dockerd died, that containerd may be
  # left over (alive, or a zombie its pid file still names) and the new dockerd would wait for it in vain.
  containerd_pidfile=$dir/exec/containerd/containerd.pid
  if [ -f "$containerd_pidfile" ]; then
    cpid=$(cat "$containerd_pidfile" 2>/dev/null || true)
    if process_alive "$cpid" containerd; then
      ci_log "stopping containerd $cpid left over from an earlier dockerd"
      kill "$cpid"
      containerd_gone() { ! process_alive "$cpid" containerd; }
      ci_wait_for 15 containerd_gone || ci_die "containerd $cpid (from an earlier dockerd) did not stop"
    fi
    rm -f "$containerd_pidfile"
  fi
  ci_log "starting dockerd on $sock (vfs, data in $dir, log in $logfile)"
  # setsid + redirected streams: the daemon outlives this script (repeated runs reuse it) and holds no pipe
  # of the caller open.
  setsid dockerd \
    --storage-driver=vfs \
    --data-root "$dir/data" \
    --exec-root "$dir/exec" \
    -H "unix://$sock" \
    --pidfile "$pidfile" \
    >>"$logfile" 2>&1 </dev/null &
  running_pid=$!
fi

# Ready when it answers; a daemon that exits instead fails at once rather than after the whole wait.
answers_or_died() { answers || ! dockerd_alive "$running_pid"; }
if ! ci_wait_for "$wait_seconds" answers_or_died || ! answers; then
  printf '[ci] ERROR: the docker engine did not answer on %s (waited up to %s s). Last lines of %s:\n' \
    "$sock" "$wait_seconds" "$logfile" >&2
  tail -n 40 "$logfile" >&2 || true
  exit 1
fi
ci_log "docker engine ready on $sock (pid $running_pid): $(docker -H "unix://$sock" version --format 'server {{.Server.Version}}' 2>/dev/null || true)"
