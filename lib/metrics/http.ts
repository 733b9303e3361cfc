import { Histogram } from "prom-client";
import { logger } from "@/lib/logger";
import { recordServerError } from "@/lib/logs/server-errors";
import { once, processRegistry } from "./registry";

/** Request durations by route template ("/api/container/status/[id]"), method and status; `_count` is the request count. */
export const httpRequestDuration = once(
  processRegistry,
  "dm_http_request_duration_seconds",
  () =>
    new Histogram({
      name: "dm_http_request_duration_seconds",
      help: "HTTP requests by route template, method and status, with their duration in seconds.",
      labelNames: ["route", "method", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [processRegistry],
    }),
);

type Params = Record<string, string | string[] | undefined>;

/**
 * The route template of a request, from its path and the parameters Next matched: each dynamic segment is put
 * back as `[name]` (a catch-all as `[...name]`), so labels never carry ids or tokens. Segments are matched from
 * the right, where dynamic segments usually are; a value that equals a static segment may put the `[name]` one
 * place off, but the label still comes only from the route's own segment names, so the set of labels stays small.
 */
export function routeTemplate(pathname: string, params: Params): string {
  const parts = pathname.split("/").map(decodeSegment);
  const taken = new Set<number>();
  for (const [name, value] of Object.entries(params).reverse()) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      // A catch-all is the last segment of a route and takes everything after the static part.
      const start = Math.max(1, parts.length - value.length);
      parts.splice(start, parts.length - start, `[...${name}]`);
      continue;
    }
    for (let i = parts.length - 1; i > 0; i--) {
      if (!taken.has(i) && parts[i] === value) {
        parts[i] = `[${name}]`;
        taken.add(i);
        break;
      }
    }
  }
  return parts.join("/") || "/";
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Wraps a route handler so that each answer is counted under its route template. The wrapped handler's own
 * errors still propagate (counted as 500, which is what Next answers for them).
 */
export function observeRoute<R extends Request, C extends { params: Promise<object> }>(
  handler: (req: R, ctx: C) => Promise<Response>,
): (req: R, ctx: C) => Promise<Response> {
  return async (req, ctx) => {
    const started = performance.now();
    let status = 500;
    try {
      const res = await handler(req, ctx);
      status = res.status;
      return res;
    } finally {
      await observe(req, ctx, status, (performance.now() - started) / 1000);
    }
  };
}

/** Counting must never change the answer: a failure here is logged, and the response goes out as it is. */
async function observe(req: Request, ctx: { params: Promise<object> } | undefined, status: number, seconds: number): Promise<void> {
  try {
    const params = ((await Promise.resolve(ctx?.params).catch(() => undefined)) ?? {}) as Params;
    const route = routeTemplate(new URL(req.url).pathname, params);
    httpRequestDuration.observe({ route, method: req.method, status: String(status) }, seconds);
    if (status >= 500) recordServerError(route, req.method, status);
  } catch (e) {
    logger.error({ err: e }, "metrics: could not count a request");
  }
}
