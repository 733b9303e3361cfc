/**
 * The delta rules of traffic accounting, for one counter (derper's or Docker's):
 * - no baseline (`last` null: the first reading since the container started): the whole counter is new
 *   traffic, since both counters start at zero with the container;
 * - a counter below its baseline: the process restarted since the last reading and counts from zero again,
 *   so the whole counter is new (what came before the restart and after the last reading is lost: nobody can
 *   read a counter that is gone; the lifecycle reads one last time before every planned stop or restart);
 * - otherwise the growth since the baseline. A missed reading loses nothing: the next one is compared with the
 *   last stored baseline, not with the previous cycle.
 */
export type CounterDelta = { delta: number; reset: boolean };

export function counterDelta(last: number | null, current: number): CounterDelta {
  if (last === null) return { delta: current, reset: false };
  if (current < last) return { delta: current, reset: true };
  return { delta: current - last, reset: false };
}
