import type { Db } from "@/db/client";
import type { Relay } from "@/db/schema";
import { AppError } from "@/lib/errors";

/**
 * PLACEHOLDER (branch `ui`): the real moveRelay is written by another helper; the lead drops this file at merge.
 * Same signature as the real one, so the UI and routes built against it compile. Throws a 501 (an AppError, so
 * the routes answer JSON rather than a 500) until replaced.
 */
export async function moveRelay(_db: Db, _relayId: string, _opts: { targetServerId?: string; actorId?: string }): Promise<Relay> {
  throw new AppError(501, "not_implemented");
}
