import { z } from "zod";

/** POST /api/container/allocate: `region` (an id or a code) only for a rental without one; empty: none. */
export const allocateInput = z.object({
  rentalId: z.uuid(),
  region: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().min(1).max(64).nullish()),
});

/** POST /api/container/<id>/move: without a target, placement picks the server (as for a new relay). */
export const moveInput = z.object({
  targetServerId: z.preprocess((v) => (v === "" ? undefined : v), z.uuid().optional()),
});

/**
 * POST /api/container/reconcile: every server (`{ "scope": "all" }`) or one (`{ "serverId" }`). A fleet-wide
 * repair is asked for explicitly; an empty request does nothing but answer 400.
 */
export const reconcileInput = z.union([z.object({ scope: z.literal("all") }), z.object({ serverId: z.uuid() })], {
  error: "reconcile_scope_required",
});
export type ReconcileInput = z.infer<typeof reconcileInput>;
