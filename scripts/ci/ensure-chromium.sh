#!/usr/bin/env bash
# Makes Debian's Chromium available at /usr/bin/chromium for Playwright. Playwright's own browser download
# (`npx playwright install`) is never used: these machines reach only npm and Debian's package mirrors.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Without a CJK font, Chinese pages render as boxes in screenshots.
cjk_font() { fc-list :lang=zh 2>/dev/null | grep -q .; }
if [ -x /usr/bin/chromium ] && cjk_font; then
  ci_log "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown')"
  exit 0
fi
ci_apt_install chromium fonts-noto-cjk fontconfig
[ -x /usr/bin/chromium ] || ci_die "chromium was installed but /usr/bin/chromium is missing"
ci_log "chromium installed: $(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown')"
