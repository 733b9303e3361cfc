import { and, desc, eq, gte, ilike, lt, type SQL } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { orders, plans, users, type Order } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { badRequest } from "@/lib/errors";
import { writeAudit, type RequestMeta } from "@/lib/logs/audit-log";
import { dateRangeFields, toDayRange } from "@/lib/http/date-range";
import { byId, pageOf, pageQuery, type Page } from "@/lib/http/paging";
import { likePattern } from "@/lib/like-pattern";
import { assertAdmin, assertSelfOrAdmin, auditActor } from "@/lib/auth/access";
import { csvCell } from "./csv";
import { minorToDecimal } from "./money";

type OrderStatus = Order["status"];

export interface UserOrder {
  id: number;
  paidAt: Date;
  status: OrderStatus;
  planId: string;
  planNameEn: string;
  planNameZh: string;
  amountMinor: number;
  currency: string;
  rentalId: string | null;
}

export interface AdminOrder extends UserOrder {
  userId: string;
  userEmail: string;
  batchId: string | null;
  channel: string | null;
}

/** The columns of an order as customers see it; the admin list adds the customer, batch and channel. */
const orderColumns = {
  id: orders.id,
  paidAt: orders.paidAt,
  status: orders.status,
  planId: orders.planId,
  planNameEn: plans.nameEn,
  planNameZh: plans.nameZh,
  amountMinor: orders.amountMinor,
  currency: orders.currency,
  rentalId: orders.rentalId,
};

export const userOrdersQuery = pageQuery(byId);

/** A user's orders, newest first. A customer reads only their own; an admin anyone's. */
export async function listUserOrders(
  db: DbOrTx,
  actor: SessionUser,
  userId: string,
  query: z.infer<typeof userOrdersQuery>,
): Promise<Page<UserOrder>> {
  assertSelfOrAdmin(actor, userId);
  const rows = await db
    .select(orderColumns)
    .from(orders)
    .innerJoin(plans, eq(plans.id, orders.planId))
    .where(and(eq(orders.userId, userId), query.cursor ? lt(orders.id, query.cursor) : undefined))
    .orderBy(desc(orders.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit, (o) => [o.id]);
}

/** Filters of the admin's order list and export: paid `from`/`to` (inclusive UTC days), plan, batch, channel, customer. */
export const orderFilter = pageQuery(byId)
  .extend({
    ...dateRangeFields,
    planId: z.uuid().optional(),
    batchId: z.uuid().optional(),
    channel: z.string().trim().min(1).max(100).optional(),
    /** Part of the customer's email. */
    email: z.string().trim().min(1).max(200).optional(),
    userId: z.uuid().optional(),
  })
  .transform(toDayRange);
export type OrderFilter = z.output<typeof orderFilter>;

function filterWhere(f: Omit<OrderFilter, "limit" | "cursor"> & { cursor?: number }): SQL | undefined {
  return and(
    f.from ? gte(orders.paidAt, f.from) : undefined,
    f.until ? lt(orders.paidAt, f.until) : undefined,
    f.planId ? eq(orders.planId, f.planId) : undefined,
    f.batchId ? eq(orders.batchId, f.batchId) : undefined,
    f.channel ? eq(orders.channel, f.channel) : undefined,
    f.email ? ilike(users.email, likePattern(f.email.toLowerCase())) : undefined,
    f.userId ? eq(orders.userId, f.userId) : undefined,
    f.cursor ? lt(orders.id, f.cursor) : undefined,
  );
}

function selectAdminOrders(db: DbOrTx) {
  return db
    .select({
      ...orderColumns,
      userId: orders.userId,
      userEmail: users.email,
      batchId: orders.batchId,
      channel: orders.channel,
    })
    .from(orders)
    .innerJoin(plans, eq(plans.id, orders.planId))
    .innerJoin(users, eq(users.id, orders.userId))
    .$dynamic();
}

/** Every order, newest first, with filters (admin). */
export async function listOrders(db: DbOrTx, actor: SessionUser, filter: OrderFilter): Promise<Page<AdminOrder>> {
  assertAdmin(actor);
  const rows = await selectAdminOrders(db)
    .where(filterWhere(filter))
    .orderBy(desc(orders.id))
    .limit(filter.limit + 1);
  return pageOf(rows, filter.limit, (o) => [o.id]);
}

const EXPORT_CHUNK = 5_000;
export const EXPORT_MAX_ROWS = 1_000_000;

/**
 * The filtered orders as CSV, streamed in chunks (keyset pages) so a large export never sits in memory.
 * The export itself is audit-logged.
 */
export async function exportOrdersCsv(
  db: DbOrTx,
  actor: SessionUser,
  filter: Omit<OrderFilter, "limit" | "cursor">,
  meta?: RequestMeta,
): Promise<ReadableStream<Uint8Array>> {
  assertAdmin(actor);
  if (filter.from && filter.until && filter.from >= filter.until) throw badRequest("range_invalid", { to: ["range_invalid"] });
  await writeAudit(db, {
    actor: auditActor(actor),
    action: "orders.export",
    meta,
    details: Object.fromEntries(
      Object.entries(filter).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
    ),
  });
  const encoder = new TextEncoder();
  let cursor: number | undefined;
  let sent = 0;
  let headerDone = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = await selectAdminOrders(db)
        .where(filterWhere({ ...filter, cursor }))
        .orderBy(desc(orders.id))
        .limit(EXPORT_CHUNK);
      const csv = stringify(
        rows.map((o) => [
          o.id,
          o.paidAt.toISOString(),
          o.status,
          csvCell(o.userEmail),
          o.userId,
          csvCell(o.planNameEn),
          o.planId,
          o.batchId ?? "",
          csvCell(o.channel ?? ""),
          o.amountMinor,
          minorToDecimal(o.amountMinor, o.currency),
          o.currency,
          o.rentalId ?? "",
        ]),
        {
          header: !headerDone,
          columns: [
            "order_id",
            "paid_at",
            "status",
            "user_email",
            "user_id",
            "plan",
            "plan_id",
            "batch_id",
            "channel",
            "amount_minor",
            "amount",
            "currency",
            "rental_id",
          ],
        },
      );
      headerDone = true;
      if (csv) controller.enqueue(encoder.encode(csv));
      sent += rows.length;
      if (rows.length < EXPORT_CHUNK || sent >= EXPORT_MAX_ROWS) controller.close();
      else cursor = rows[rows.length - 1].id;
    },
  });
}
