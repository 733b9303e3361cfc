import { runLatencyCycle } from "@/lib/fleet/monitor/latency";
import type { Job } from "../run-job";

/** One probe cycle over every running relay: raw HTTPS and STUN samples (lib/fleet/monitor/latency.ts). */
export const fleetLatency: Job = async ({ db }) => runLatencyCycle(db);
