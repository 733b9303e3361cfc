import { NextResponse, type NextRequest } from "next/server";
import { checkHealth } from "@/lib/health";
import { methods } from "@/lib/http/methods";
import { LOCALE_COOKIE, resolveLocale } from "@/lib/i18n/config";
import { translateError } from "@/lib/i18n/messages";

export const dynamic = "force-dynamic";

/**
 * For load balancers and Kubernetes probes: 200 `{ data: { db: "ok", migrations: "current" } }` when the
 * database answers and is fully migrated, otherwise 503 with the failing part as the error code.
 */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: async (req: NextRequest) => {
    const health = await checkHealth();
    const headers = { "Cache-Control": "no-store" };
    if (health.ok) return NextResponse.json({ data: health.body }, { headers });
    const code = health.body.db === "ok" ? "migrations_pending" : "db_unavailable";
    const locale = resolveLocale(req.cookies.get(LOCALE_COOKIE)?.value, req.headers.get("accept-language"));
    return NextResponse.json({ error: { code, message: translateError(locale, code) } }, { status: 503, headers });
  },
});
