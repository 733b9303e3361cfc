#!/usr/bin/env bash
# promtool (Debian's `prometheus` package) for tests/deploy/prometheus-rules.test.ts. Idempotent: nothing is
# done when promtool already runs. The package also ships a Prometheus server with a service: installing it must
# not leave one running, so it is installed without starting services (scripts/ci/lib.sh), and the check after
# it fails loudly if a server was started anyway.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. scripts/ci/lib.sh

if promtool --version >/dev/null 2>&1; then
  ci_log "promtool present: $(promtool --version 2>&1 | head -n 1)"
  exit 0
fi

ci_apt_install_without_starting prometheus

promtool --version >/dev/null 2>&1 || ci_die "promtool is not runnable after installing the prometheus package"
# Without systemd nothing else starts services; a running server here would hold port 9090 and use memory.
if pgrep -x prometheus >/dev/null 2>&1; then
  ci_die "installing the prometheus package started a Prometheus server (pid $(pgrep -x prometheus | tr '\n' ' ')); stop it and check policy-rc.d"
fi
ci_log "promtool installed: $(promtool --version 2>&1 | head -n 1)"
