import { getCurrentUser, type SessionUser } from "@/lib/auth/current-user";
import { forbidden, unauthorized } from "@/lib/errors";

export type Access = "public" | "user" | "admin";

/** The role check shared by route handlers, server actions and layouts. */
export async function authorize(access: Access, headers: Headers): Promise<SessionUser | null> {
  if (access === "public") return getCurrentUser(headers);
  const user = await getCurrentUser(headers);
  if (!user) throw unauthorized();
  if (access === "admin" && user.role !== "admin") throw forbidden();
  return user;
}
