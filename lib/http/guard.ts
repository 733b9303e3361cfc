import { resolveCaller, type SessionUser } from "@/lib/auth/current-user";
import { AppError, forbidden, unauthorized } from "@/lib/errors";

export type Access = "public" | "user" | "admin";

/**
 * The role check shared by route handlers, server actions and layouts. A disabled account's own cookie or
 * token gets 403 "account_disabled" (logging in again would not help); on public routes it is anonymous.
 */
export async function authorize(access: Access, headers: Headers): Promise<SessionUser | null> {
  const caller = await resolveCaller(headers);
  if (access === "public") return caller === "disabled" ? null : caller;
  if (caller === "disabled") throw new AppError(403, "account_disabled");
  if (!caller) throw unauthorized();
  if (access === "admin" && caller.role !== "admin") throw forbidden();
  return caller;
}
