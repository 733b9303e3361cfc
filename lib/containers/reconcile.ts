import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";

/**
 * PLACEHOLDER (branch `ui`): the real reconcileAll is written by another helper; the lead drops this file at
 * merge. Same signature and report type as the real one; throws a 501 (an AppError) until replaced.
 */
export type ReconcileReport = {
  startedAt: Date;
  servers: {
    serverId: string;
    name: string;
    reachable: boolean;
    actions: { kind: "recreated" | "removed" | "started" | "stopped"; relayId: string | null; container: string; reason: string }[];
    error?: string;
  }[];
};

export async function reconcileAll(_db: Db, _opts: { actorId?: string }): Promise<ReconcileReport> {
  throw new AppError(501, "not_implemented");
}
