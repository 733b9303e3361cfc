/**
 * Every call to a relay host has a deadline, so a hung host never blocks a job or a page. The operation gets an
 * AbortSignal that fires at the deadline (libraries that honour it stop their I/O), and the returned promise
 * rejects at the deadline even if the operation ignores the signal.
 */
export class TimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} did not finish within ${ms} ms`);
    this.name = "TimeoutError";
  }
}

export function withTimeout<T>(
  what: string,
  ms: number,
  operation: (signal: AbortSignal) => Promise<T>,
  outer?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onOuterAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Made only when the deadline passes: an Error captures a stack, which costs more than many calls do.
      const error = new TimeoutError(what, ms);
      controller.abort(error);
      reject(error);
    }, ms);
    if (outer) {
      onOuterAbort = () => {
        const reason = outer.reason instanceof Error ? outer.reason : new Error(`${what} was aborted`);
        controller.abort(reason);
        reject(reason);
      };
      if (outer.aborted) onOuterAbort();
      else outer.addEventListener("abort", onOuterAbort, { once: true });
    }
  });
  let running: Promise<T>;
  try {
    running = operation(controller.signal);
  } catch (e) {
    running = Promise.reject(e);
  }
  // The loser of the race must not surface later as an unhandled rejection.
  running.catch(() => {});
  return Promise.race([running, deadline]).finally(() => {
    clearTimeout(timer);
    if (onOuterAbort) outer?.removeEventListener("abort", onOuterAbort);
  });
}
