import { and, count, desc, eq, ilike, lt, ne, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx, Tx } from "@/db/client";
import { userRole, users, userStatus, type User, type UserRole } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { now } from "@/lib/clock";
import { AppError, conflict, forbidden, notFound } from "@/lib/errors";
import { byTimeAndId, pageOf, pageQuery, type Page } from "@/lib/http/paging";
import { writeAudit, type RequestMeta } from "@/lib/logs/audit-log";
import { likePattern } from "@/lib/like-pattern";
import { toProfile, type Profile } from "./profile";
import { endAllSessions } from "./sessions";
import { assertAdmin } from "@/lib/auth/access";

// Keyset paging on (created_at, id), newest first.
export const userListFilter = pageQuery(byTimeAndId).extend({
  q: z.string().trim().min(1).max(254).optional(),
  status: z.enum(userStatus.enumValues).optional(),
  role: z.enum(userRole.enumValues).optional(),
});
export type UserListFilter = z.output<typeof userListFilter>;

/** Admins: users by email text, status and role, newest first, paged. */
export async function listUsers(db: DbOrTx, actor: SessionUser, filter: UserListFilter): Promise<Page<Profile>> {
  assertAdmin(actor);
  const after = filter.cursor;
  const where: (SQL | undefined)[] = [
    filter.q ? ilike(users.email, likePattern(filter.q.toLowerCase())) : undefined,
    filter.status ? eq(users.status, filter.status) : undefined,
    filter.role ? eq(users.role, filter.role) : undefined,
    after
      ? or(lt(users.createdAt, after.at), and(eq(users.createdAt, after.at), lt(users.id, after.id)))
      : undefined,
  ];
  const rows = await db
    .select()
    .from(users)
    .where(and(...where))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(filter.limit + 1);
  const page = pageOf(rows, filter.limit, (u) => [u.createdAt.toISOString(), u.id]);
  return { items: page.items.map(toProfile), nextCursor: page.nextCursor };
}

export async function getUserForAdmin(db: DbOrTx, actor: SessionUser, userId: string): Promise<Profile> {
  assertAdmin(actor);
  const [row] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!row) throw notFound();
  return toProfile(row);
}

/**
 * Runs an admin change on another user with every admin row locked, after checking that the actor is still
 * an active admin and that at least one active admin remains afterwards. The locks make two admins who
 * demote each other at the same moment take turns, so the second one is refused.
 */
async function changeUser(
  db: Db,
  actor: SessionUser,
  userId: string,
  change: (target: User, tx: Tx) => Promise<{ removesActiveAdmin: boolean; apply: () => Promise<void> }>,
): Promise<Profile> {
  assertAdmin(actor);
  if (actor.id === userId) throw new AppError(409, "not_yourself");
  return db.transaction(async (tx) => {
    const admins = await tx
      .select({ id: users.id, status: users.status })
      .from(users)
      .where(or(eq(users.role, "admin"), eq(users.id, userId)))
      .orderBy(users.id)
      .for("update");
    const self = admins.find((a) => a.id === actor.id);
    if (!self || self.status !== "active") throw forbidden();
    const [target] = await tx.select().from(users).where(eq(users.id, userId));
    if (!target) throw notFound();
    const { removesActiveAdmin, apply } = await change(target, tx);
    if (removesActiveAdmin) {
      const [{ n }] = await tx
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.role, "admin"), eq(users.status, "active"), ne(users.id, userId)));
      if (n === 0) throw conflict("last_admin");
    }
    await apply();
    const [updated] = await tx.select().from(users).where(eq(users.id, userId));
    return toProfile(updated);
  });
}

/**
 * Disables or re-enables an account. Disabling ends the user's sessions at once (their rows and the
 * session version); enabling returns the account to active, or to pending when its email was never verified.
 */
export async function setUserStatus(
  db: Db,
  actor: SessionUser,
  userId: string,
  status: "active" | "disabled",
  meta?: RequestMeta,
): Promise<Profile> {
  return changeUser(db, actor, userId, async (target, tx) => ({
    removesActiveAdmin: status === "disabled" && target.role === "admin" && target.status === "active",
    apply: async () => {
      if (status === "disabled" && target.status === "disabled") return;
      if (status === "active" && target.status !== "disabled") return;
      const next = status === "disabled" ? "disabled" : target.emailVerifiedAt ? "active" : "pending";
      await tx.update(users).set({ status: next, updatedAt: now() }).where(eq(users.id, target.id));
      if (status === "disabled") await endAllSessions(tx, target.id);
      await writeAudit(tx, {
        actor,
        action: status === "disabled" ? "user.disabled" : "user.enabled",
        target: { type: "user", id: target.id },
        meta,
        details: { email: target.email, from: target.status, to: next },
      });
    },
  }));
}

/** Promotes a user to admin or demotes an admin to customer. */
export async function setUserRole(
  db: Db,
  actor: SessionUser,
  userId: string,
  role: UserRole,
  meta?: RequestMeta,
): Promise<Profile> {
  return changeUser(db, actor, userId, async (target, tx) => ({
    removesActiveAdmin: role !== "admin" && target.role === "admin" && target.status === "active",
    apply: async () => {
      if (target.role === role) return;
      await tx.update(users).set({ role, updatedAt: now() }).where(eq(users.id, target.id));
      await writeAudit(tx, {
        actor,
        action: "user.role_changed",
        target: { type: "user", id: target.id },
        meta,
        details: { email: target.email, from: target.role, to: role },
      });
    },
  }));
}
