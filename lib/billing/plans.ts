import { asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { plans, type Plan } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { now } from "@/lib/clock";
import { badRequest, conflict, notFound } from "@/lib/errors";
import { writeAudit, type RequestMeta } from "@/lib/logs/audit-log";
import { assertAdmin, auditActor } from "@/lib/auth/access";
import type { PlanInput } from "./schemas";

export interface PlanWithUsage extends Plan {
  /** Serial batches, orders or rentals refer to it: it can be archived but not deleted. */
  sold: boolean;
}

// Written out in full: Drizzle drops table names from columns in single-table queries, which would make
// "plan_id = id" compare the subquery's own columns.
const soldExpr = sql<boolean>`(
  exists (select 1 from serial_batches sb where sb.plan_id = plans.id)
  or exists (select 1 from orders o where o.plan_id = plans.id)
  or exists (select 1 from rentals r where r.plan_id = plans.id)
)`;

/** Active plans first, archived ones only when asked for. */
export async function listPlans(
  db: DbOrTx,
  actor: SessionUser,
  opts: { includeArchived?: boolean } = {},
): Promise<PlanWithUsage[]> {
  assertAdmin(actor);
  return db
    .select({ ...planColumns(), sold: soldExpr })
    .from(plans)
    .where(opts.includeArchived ? undefined : isNull(plans.archivedAt))
    .orderBy(asc(plans.archivedAt), desc(plans.active), asc(plans.priceMinor), asc(plans.nameEn));
}

export async function getPlan(db: DbOrTx, actor: SessionUser, id: string): Promise<PlanWithUsage> {
  assertAdmin(actor);
  const [plan] = await db.select({ ...planColumns(), sold: soldExpr }).from(plans).where(eq(plans.id, id));
  if (!plan) throw notFound("plan_unknown");
  return plan;
}

export async function createPlan(db: DbOrTx, actor: SessionUser, input: PlanInput, meta?: RequestMeta): Promise<Plan> {
  assertAdmin(actor);
  return db.transaction(async (tx) => {
    const at = now();
    const [plan] = await tx
      .insert(plans)
      .values({ ...input, bandwidthLimitBytesPerSec: input.bandwidthLimitBytesPerSec ?? null, createdAt: at, updatedAt: at })
      .returning();
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "plan.create",
      target: { type: "plan", id: plan.id },
      meta,
      details: { ...input },
    });
    return plan;
  });
}

export async function updatePlan(
  db: DbOrTx,
  actor: SessionUser,
  id: string,
  input: PlanInput,
  meta?: RequestMeta,
): Promise<Plan> {
  assertAdmin(actor);
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(plans).where(eq(plans.id, id)).for("update");
    if (!current) throw notFound("plan_unknown");
    if (current.archivedAt) throw conflict("plan_archived");
    const [plan] = await tx
      .update(plans)
      .set({ ...input, bandwidthLimitBytesPerSec: input.bandwidthLimitBytesPerSec ?? null, updatedAt: now() })
      .where(eq(plans.id, id))
      .returning();
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "plan.update",
      target: { type: "plan", id },
      meta,
      details: { before: changed(current, plan), after: changed(plan, current) },
    });
    return plan;
  });
}

/**
 * Deletes a plan nobody has bought; a sold plan (batches, orders or rentals refer to it) is archived
 * instead, so its orders and revenue keep their plan.
 */
export async function deleteOrArchivePlan(
  db: DbOrTx,
  actor: SessionUser,
  id: string,
  meta?: RequestMeta,
): Promise<{ result: "deleted" | "archived" }> {
  assertAdmin(actor);
  return db.transaction(async (tx) => {
    const [current] = await tx.select({ ...planColumns(), sold: soldExpr }).from(plans).where(eq(plans.id, id)).for("update");
    if (!current) throw notFound("plan_unknown");
    if (current.sold) {
      if (!current.archivedAt) {
        await tx.update(plans).set({ archivedAt: now(), active: false, updatedAt: now() }).where(eq(plans.id, id));
      }
      await writeAudit(tx, { actor: auditActor(actor), action: "plan.archive", target: { type: "plan", id }, meta });
      return { result: "archived" as const };
    }
    await tx.delete(plans).where(eq(plans.id, id));
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "plan.delete",
      target: { type: "plan", id },
      meta,
      details: { nameEn: current.nameEn },
    });
    return { result: "deleted" as const };
  });
}

/** The plan a new batch is generated for: it must exist, be active and not archived. */
export async function findSellablePlan(tx: DbOrTx, planId: string): Promise<Plan> {
  const [plan] = await tx.select().from(plans).where(eq(plans.id, planId)).for("share");
  if (!plan) throw badRequest("plan_unknown", { planId: ["plan_unknown"] });
  if (plan.archivedAt) throw badRequest("plan_archived", { planId: ["plan_archived"] });
  if (!plan.active) throw badRequest("plan_inactive", { planId: ["plan_inactive"] });
  return plan;
}

/** Plans offered in admin filters (orders, batches): every plan, archived ones included. */
export async function listPlanNames(db: DbOrTx, actor: SessionUser) {
  assertAdmin(actor);
  return db
    .select({ id: plans.id, nameEn: plans.nameEn, nameZh: plans.nameZh, archived: sql<boolean>`${plans.archivedAt} is not null` })
    .from(plans)
    .orderBy(asc(plans.nameEn));
}

function planColumns() {
  return {
    id: plans.id,
    nameEn: plans.nameEn,
    nameZh: plans.nameZh,
    durationDays: plans.durationDays,
    trafficQuotaBytes: plans.trafficQuotaBytes,
    deviceLimit: plans.deviceLimit,
    bandwidthLimitBytesPerSec: plans.bandwidthLimitBytesPerSec,
    relayNodes: plans.relayNodes,
    priceMinor: plans.priceMinor,
    currency: plans.currency,
    active: plans.active,
    archivedAt: plans.archivedAt,
    createdAt: plans.createdAt,
    updatedAt: plans.updatedAt,
  };
}

/** The fields of `a` that differ from `b`, for the audit entry. */
function changed(a: Plan, b: Plan): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(a) as (keyof Plan)[]) {
    if (key === "updatedAt") continue;
    if (String(a[key]) !== String(b[key])) out[key] = a[key];
  }
  return out;
}
