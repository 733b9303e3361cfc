import { collectDefaultMetrics, Registry } from "prom-client";

/**
 * The process's two registries, kept on globalThis so that a module loaded twice (Next's separate bundles for
 * routes, the instrumentation hook, dev reloads) still counts into one place.
 * - `processRegistry`: what this process does (requests, admission, jobs, quota stops) plus Node's own figures;
 *   the app's /metrics and the worker's metrics port both serve it.
 * - `stateRegistry`: gauges read from the database at scrape time (lib/metrics/state-gauges.ts); only the app
 *   serves them, so a deployment with several replicas has them once per replica (dashboards take `max`).
 */
interface Registries {
  processRegistry: Registry;
  stateRegistry: Registry;
}

const holder = globalThis as unknown as { __derpMetrics?: Registries };

function create(): Registries {
  const processRegistry = new Registry();
  collectDefaultMetrics({ register: processRegistry, prefix: "dm_" });
  return { processRegistry, stateRegistry: new Registry() };
}

holder.__derpMetrics ??= create();

export const processRegistry = holder.__derpMetrics.processRegistry;
export const stateRegistry = holder.__derpMetrics.stateRegistry;

/** Every metric name starts with this, so the project's series are easy to find next to others. */
export const PREFIX = "dm_";

/**
 * A metric registered once per process: the second load of a module finds the first one's metric in the
 * registry instead of failing with "already registered".
 */
export function once<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}
