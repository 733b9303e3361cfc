import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { requestMeta } from "@/lib/http/request-meta";
import { methods } from "@/lib/http/methods";
import { LOCALE_COOKIE, resolveLocale } from "@/lib/i18n/config";
import { appMetricsResponse } from "@/lib/metrics/exposition";
import { observeRoute } from "@/lib/metrics/http";

export const dynamic = "force-dynamic";

/**
 * Prometheus metrics (README, "Metrics and alerts"), also at /metrics: open only to METRICS_TOKEN as a bearer
 * token or to METRICS_ALLOW_FROM addresses; 404 for everyone when neither is set.
 */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: observeRoute(async (req: NextRequest) =>
    appMetricsResponse(getDb, {
      authorization: req.headers.get("authorization"),
      ip: requestMeta(req.headers).ip,
      locale: resolveLocale(req.cookies.get(LOCALE_COOKIE)?.value, req.headers.get("accept-language")),
    }),
  ),
});
