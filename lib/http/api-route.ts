import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { getDb, type Db } from "@/db/client";
import type { SessionUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { AppError, badRequest } from "@/lib/errors";
import { LOCALE_COOKIE, resolveLocale, type AppLocale } from "@/lib/i18n/config";
import type { RequestMeta } from "@/lib/logs/audit-log";
import { parseInput } from "@/lib/validation";
import { toErrorBody } from "./error-body";
import { authorize, type Access } from "./guard";
import { requestMeta } from "./request-meta";
import { isCrossSite } from "./same-origin";

const MAX_JSON_BYTES = 1_000_000;

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

/** Lets a handler choose the status or headers; a plain value is sent as JSON with 200. */
export class ApiResult {
  constructor(
    public readonly data: unknown,
    public readonly status = 200,
    public readonly headers?: HeadersInit,
  ) {}
}

/**
 * Every JSON route goes through here: cross-site refusal for state changes, role check, zod validation of
 * body, query and path parameters, and errors as `{ error: { code, message, fieldErrors } }` in the caller's
 * language. Ownership checks belong to the lib function the handler calls.
 */
export function apiRoute<A extends Access, B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
  options: Options<A, B, Q, P>,
  handler: (ctx: ApiContext<A, B, Q, P>) => Promise<unknown>,
) {
  return async (req: NextRequest, routeCtx: { params: Promise<Record<string, string | string[]>> }) => {
    let locale = resolveLocale(req.cookies.get(LOCALE_COOKIE)?.value, req.headers.get("accept-language"));
    try {
      const stateChanging = options.sameSiteOnly || !["GET", "HEAD", "OPTIONS"].includes(req.method);
      if (stateChanging && isCrossSite(req.headers, env().APP_URL)) throw new AppError(403, "cross_site");
      const user = await authorize(options.access, req.headers);
      if (user && !req.cookies.get(LOCALE_COOKIE)) locale = user.locale;
      const params = options.params ? parseInput(options.params, await routeCtx.params, locale) : undefined;
      const query = options.query
        ? parseInput(options.query, Object.fromEntries(req.nextUrl.searchParams), locale)
        : undefined;
      const body = options.body ? parseInput(options.body, await readJson(req), locale) : undefined;
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
        return NextResponse.json(result.data ?? null, { status: result.status, headers: result.headers });
      }
      return NextResponse.json(result ?? { ok: true });
    } catch (e) {
      const { status, body } = toErrorBody(e, locale, `${req.method} ${req.nextUrl.pathname}`);
      const headers: Record<string, string> = {};
      if (status === 429 && e instanceof AppError && e.values?.seconds) headers["Retry-After"] = String(e.values.seconds);
      return NextResponse.json(body, { status, headers });
    }
  };
}

async function readJson(req: NextRequest): Promise<unknown> {
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > MAX_JSON_BYTES) throw badRequest("bad_request");
  const text = await req.text();
  if (text.length > MAX_JSON_BYTES) throw badRequest("bad_request");
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("invalid_json");
  }
}
