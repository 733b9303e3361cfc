import { runFleetHealth } from "@/lib/fleet/monitor/health";
import type { Job } from "../run-job";

/** Every server: Docker reachable, canary kept, relays probed, status and a load sample (lib/fleet/monitor/health.ts). */
export const fleetHealth: Job = async ({ db }) => {
  const results = await runFleetHealth(db);
  const count = (status: string) => results.filter((r) => r.status === status).length;
  return {
    servers: results.length,
    up: count("up"),
    degraded: count("degraded"),
    down: count("down"),
    changed: results.filter((r) => r.changed).length,
  };
};
