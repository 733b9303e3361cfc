import type { Db } from "@/db/client";
import { env } from "@/lib/env";
import type { AppLocale } from "@/lib/i18n/config";
import { translateError } from "@/lib/i18n/messages";
import { metricsAccessCheck, type MetricsAccess } from "./access";
import { processRegistry, stateRegistry } from "./registry";
import { refreshStateGauges } from "./state-gauges";

// Every metric module registers on import; the exposition must list them all even before first use.
import "./admission";
import "./direct-link";
import "./http";
import "./jobs";
import "./quota";

export const CONTENT_TYPE = processRegistry.contentType;

let check: { key: string; fn: ReturnType<typeof metricsAccessCheck> } | undefined;

/** The access rule from the environment (METRICS_TOKEN, METRICS_ALLOW_FROM), rebuilt only when they change. */
export function metricsAccess(authorization: string | null, clientIp: string | null): MetricsAccess {
  const { METRICS_TOKEN: token, METRICS_ALLOW_FROM: allowFrom } = env();
  const key = JSON.stringify([token, allowFrom]);
  if (check?.key !== key) check = { key, fn: metricsAccessCheck({ token, allowFrom }) };
  return check.fn(authorization, clientIp);
}

/** The windows the state gauges average over: a few samples of each job, whatever its interval. */
export function stateWindows() {
  const e = env();
  return {
    trafficSeconds: Math.max(300, 2 * e.TRAFFIC_SAMPLE_INTERVAL_SECONDS),
    probeSeconds: Math.max(600, 3 * e.FLEET_LATENCY_INTERVAL_SECONDS),
  };
}

/** The worker's text: what this process counted. */
export function processMetricsText(): Promise<string> {
  return processRegistry.metrics();
}

/** The app's text: what this process counted, and the database's state read now. */
export async function appMetricsText(db: () => Promise<Db>): Promise<string> {
  await refreshStateGauges(db, stateWindows());
  return (await processRegistry.metrics()) + (await stateRegistry.metrics());
}

/**
 * The app's answer to GET /metrics. Not an apiRoute on purpose: its session lookup reads the database, and a
 * scrape must still answer (with dm_database_up 0) when the database is down. Refusals are the API's JSON errors.
 */
export async function appMetricsResponse(
  db: () => Promise<Db>,
  caller: { authorization: string | null; ip: string | null; locale: AppLocale },
): Promise<Response> {
  const access = metricsAccess(caller.authorization, caller.ip);
  if (access === "allowed") {
    return new Response(await appMetricsText(db), { status: 200, headers: { "Content-Type": CONTENT_TYPE, "Cache-Control": "no-store" } });
  }
  // Off unless configured: 404, as if there were no such route. Configured but not this caller: 401.
  const [status, code] = access === "disabled" ? [404, "not_found"] : [401, "unauthorized"];
  const headers: Record<string, string> = { "Content-Type": "application/json", "Cache-Control": "no-store" };
  if (status === 401) headers["WWW-Authenticate"] = 'Bearer realm="metrics"';
  return new Response(JSON.stringify({ error: { code, message: translateError(caller.locale, code) } }), { status, headers });
}
