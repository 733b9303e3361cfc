import type { SessionUser } from "@/lib/auth/types";
import { forbidden } from "@/lib/errors";

/** Domain functions check the caller themselves; a route's role check is not relied on. */
export function assertAdmin(actor: SessionUser): void {
  if (actor.role !== "admin") throw forbidden();
}

/** A customer reaches only their own data; an admin anyone's. */
export function assertSelfOrAdmin(actor: SessionUser, userId: string): void {
  if (actor.id !== userId && actor.role !== "admin") throw forbidden();
}

export function auditActor(actor: SessionUser): { id: string; email: string } {
  return { id: actor.id, email: actor.email };
}
