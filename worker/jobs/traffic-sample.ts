import { sampleTraffic } from "@/lib/containers/traffic/sample-cycle";
import type { Job } from "../run-job";

/** One traffic sampling cycle over every running customer relay, then quota enforcement (lib/containers/traffic). */
export const trafficSample: Job = async ({ db }) => {
  const { failures: _failures, ...summary } = await sampleTraffic(db);
  return summary;
};
