import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { getDb, type Db } from "@/db/client";
import type { SessionUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { callerLocale, LOCALE_COOKIE, resolveLocale, type AppLocale } from "@/lib/i18n/config";
import type { RequestMeta } from "@/lib/logs/audit-log";
import { observeRoute } from "@/lib/metrics/http";
import { parseInput } from "@/lib/validation";
import { toErrorBody } from "./error-body";
import { authorize, type Access } from "./guard";
import { requestMeta } from "./request-meta";
import { withRouteSpec } from "./route-spec";
import type { Page } from "./paging";
import { readJsonBody } from "./read-body";
import { isCrossSite } from "./same-origin";

type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface ApiContext<A extends Access, B extends Schema, Q extends Schema, P extends Schema> {
  req: NextRequest;
  db: Db;
  user: A extends "public" ? SessionUser | null : SessionUser;
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
  meta: RequestMeta;
  locale: AppLocale;
}

interface Options<A extends Access, B extends Schema, Q extends Schema, P extends Schema> {
  access: A;
  body?: B;
  query?: Q;
  params?: P;
  /**
   * Refuse cross-site requests for a GET too: for reads with a side effect, like exports that write an
   * audit entry, which another site must not be able to set off in an admin's browser.
   */
  sameSiteOnly?: boolean;
}

/** An answer whose status, headers or shape a handler chooses; a plain value is answered `{ data }` with 200. */
export class ApiResult {
  constructor(
    /** The body as sent (already in its envelope), or null for none. */
    public readonly body: unknown,
    public readonly status = 200,
    public readonly headers?: HeadersInit,
  ) {}
}

/** 201 `{ data }`: for anything that creates. */
export const created = (data: unknown, headers?: HeadersInit) => new ApiResult({ data }, 201, headers);
/** 202 without a body: accepted, and what follows arrives by mail (whether the address is registered is not said). */
export const accepted = () => new ApiResult(null, 202);
/** 204 without a body: nothing to say (logout, delete, revoke). */
export const noContent = () => new ApiResult(null, 204);
/** 200 `{ items, nextCursor }`: a list. */
export const list = <T>(page: Page<T>) => new ApiResult({ items: page.items, nextCursor: page.nextCursor });

/**
 * Every JSON route goes through here: cross-site refusal for state changes, role check, zod validation of
 * body (JSON, typed as declared, at most 1 MB), query and path parameters (text, read as the schema's types),
 * answers as `{ data }`, `{ items, nextCursor }` or no body, and errors as
 * `{ error: { code, message, fieldErrors } }` in the caller's language. Ownership checks belong to the lib
 * function the handler calls.
 */
export function apiRoute<A extends Access, B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
  options: Options<A, B, Q, P>,
  handler: (ctx: ApiContext<A, B, Q, P>) => Promise<unknown>,
) {
  // Tagged with its declaration (for the OpenAPI document), and timed (for the metrics).
  return withRouteSpec(options, observeRoute(async (req: NextRequest, routeCtx: { params: Promise<Record<string, string | string[]>> }) => {
    const cookieLocale = req.cookies.get(LOCALE_COOKIE)?.value;
    let locale = resolveLocale(cookieLocale, req.headers.get("accept-language"));
    try {
      const stateChanging = options.sameSiteOnly || !["GET", "HEAD", "OPTIONS"].includes(req.method);
      if (stateChanging && isCrossSite(req.headers, env().APP_URL)) throw new AppError(403, "cross_site");
      const user = await authorize(options.access, req.headers, { write: !["GET", "HEAD", "OPTIONS"].includes(req.method) });
      if (user) locale = callerLocale(cookieLocale, req.headers.get("accept-language"), user.locale);
      const params = options.params ? parseInput(options.params, await routeCtx.params, locale, "text") : undefined;
      const query = options.query
        ? parseInput(options.query, Object.fromEntries(req.nextUrl.searchParams), locale, "text")
        : undefined;
      const body = options.body ? parseInput(options.body, await readJsonBody(req), locale, "json") : undefined;
      const result = await handler({
        req,
        db: await getDb(),
        user: user as ApiContext<A, B, Q, P>["user"],
        body: body as Out<B>,
        query: query as Out<Q>,
        params: params as Out<P>,
        meta: requestMeta(req.headers),
        locale,
      });
      if (result instanceof Response) return result;
      if (result instanceof ApiResult) {
        return result.body === null
          ? new NextResponse(null, { status: result.status, headers: result.headers })
          : NextResponse.json(result.body, { status: result.status, headers: result.headers });
      }
      return NextResponse.json({ data: result ?? null });
    } catch (e) {
      const { status, body } = toErrorBody(e, locale, `${req.method} ${req.nextUrl.pathname}`);
      const headers: Record<string, string> = {};
      if (status === 429 && e instanceof AppError && e.values?.seconds) headers["Retry-After"] = String(e.values.seconds);
      return NextResponse.json(body, { status, headers });
    }
  }));
}
