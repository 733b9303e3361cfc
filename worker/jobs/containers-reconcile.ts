import { reconcileAll } from "@/lib/containers/reconcile";
import type { Job } from "../run-job";

/** Every reachable server's customer containers made to agree with the database (lib/containers/reconcile.ts). */
export const containersReconcile: Job = async ({ db }) => {
  const report = await reconcileAll(db);
  const actions = report.servers.flatMap((s) => s.actions);
  const count = (kind: string) => actions.filter((a) => a.kind === kind).length;
  return {
    servers: report.servers.length,
    unreachable: report.servers.filter((s) => !s.reachable).length,
    failed: report.servers.filter((s) => s.reachable && s.error).length,
    recreated: count("recreated"),
    removed: count("removed"),
    started: count("started"),
    stopped: count("stopped"),
  };
};
