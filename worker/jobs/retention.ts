import { lt } from "drizzle-orm";
import { systemLog } from "@/db/schema";
import { pruneSessions } from "@/lib/accounts/sessions";
import { pruneAlerts } from "@/lib/alerts/retention";
import { DAY_MS } from "@/lib/clock";
import { pruneTrafficSamples } from "@/lib/containers/traffic/retention";
import { env } from "@/lib/env";
import { pruneFleetSamples } from "@/lib/fleet/monitor/retention";
import type { Job } from "../run-job";

/**
 * Deletes system-log rows older than LOG_RETENTION_DAYS, session rows no cookie can name any more, and
 * monitoring data past its limits: raw probe samples (LATENCY_RAW_RETENTION_DAYS), hourly rollups
 * (LATENCY_HOURLY_RETENTION_DAYS), load samples (FLEET_LOAD_RETENTION_DAYS); daily rollups are kept. Raw traffic
 * samples go after TRAFFIC_SAMPLE_RETENTION_DAYS; their hourly rollups are kept. Alert deliveries and resolved
 * alerts follow the system log's limit. The audit log is kept: it is evidence.
 */
export const retention: Job = async ({ db, startedAt }) => {
  const e = env();
  const cutoff = new Date(startedAt.getTime() - e.LOG_RETENTION_DAYS * DAY_MS);
  const deleted = await db.delete(systemLog).where(lt(systemLog.at, cutoff)).returning({ id: systemLog.id });
  const sessionsDeleted = await pruneSessions(db, startedAt);
  const fleet = await pruneFleetSamples(db, startedAt, {
    rawDays: e.LATENCY_RAW_RETENTION_DAYS,
    hourlyDays: e.LATENCY_HOURLY_RETENTION_DAYS,
    loadDays: e.FLEET_LOAD_RETENTION_DAYS,
  });
  const trafficSamplesDeleted = await pruneTrafficSamples(db, startedAt, e.TRAFFIC_SAMPLE_RETENTION_DAYS);
  const alertsDeleted = await pruneAlerts(db, cutoff);
  return { deleted: deleted.length, sessionsDeleted, cutoff: cutoff.toISOString(), fleet, trafficSamplesDeleted, alertsDeleted };
};
