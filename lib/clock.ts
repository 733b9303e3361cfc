/**
 * The one source of "now". Expiry, rollups and reminders read it so that tests can move time forward
 * without sleeping; production never sets it.
 */
export const DAY_MS = 86_400_000;

let offsetMs = 0;
let frozen: Date | null = null;

export function now(): Date {
  if (frozen) return new Date(frozen);
  return new Date(Date.now() + offsetMs);
}

export const testClock = {
  freeze(at: Date) {
    frozen = new Date(at);
  },
  advance(ms: number) {
    if (frozen) frozen = new Date(frozen.getTime() + ms);
    else offsetMs += ms;
  },
  reset() {
    frozen = null;
    offsetMs = 0;
  },
};
