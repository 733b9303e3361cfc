import { cookies, headers } from "next/headers";
import type { z } from "zod";
import { getDb, type Db } from "@/db/client";
import type { SessionUser } from "@/lib/auth/current-user";
import { callerLocale, LOCALE_COOKIE, resolveLocale, type AppLocale } from "@/lib/i18n/config";
import { toErrorBody, type ErrorBody } from "@/lib/http/error-body";
import { authorize, type Access } from "@/lib/http/guard";
import { requestMeta } from "@/lib/http/request-meta";
import type { RequestMeta } from "@/lib/logs/audit-log";
import { formDataToObject, parseInput } from "@/lib/validation";

/**
 * What an action returns to its form: `data` like a route's `{ data }`, or the same `error` a route answers
 * (`{ code, message, fieldErrors?: { field: [{ code, message }] } }`).
 */
export type ActionState<T = unknown> = { ok: true; data: T } | { ok: false; error: ErrorBody["error"] } | null;

export interface ActionContext<A extends Access> {
  db: Db;
  user: A extends "public" ? SessionUser | null : SessionUser;
  meta: RequestMeta;
  locale: AppLocale;
}

/**
 * The server-action twin of apiRoute: same role check, same validation, same error texts, returned as state
 * for useActionState instead of thrown. Accepts FormData (forms: text, read as the schema's types) or a plain
 * object (client calls: typed like a JSON body).
 * Never put a submitted password into the returned state.
 */
export function action<A extends Access, S extends z.ZodType, T>(
  options: { access: A; schema: S },
  fn: (input: z.output<S>, ctx: ActionContext<A>) => Promise<T>,
) {
  return async (_prev: ActionState<T>, input: FormData | Record<string, unknown>): Promise<ActionState<T>> => {
    const [headerList, cookieStore] = await Promise.all([headers(), cookies()]);
    const cookieLocale = cookieStore.get(LOCALE_COOKIE)?.value;
    let locale = resolveLocale(cookieLocale, headerList.get("accept-language"));
    try {
      // Actions are POSTs that change state: a read-only API token may not run one.
      const user = await authorize(options.access, headerList, { write: true });
      if (user) locale = callerLocale(cookieLocale, headerList.get("accept-language"), user.locale);
      const data =
        input instanceof FormData
          ? parseInput(options.schema, formDataToObject(input), locale, "text")
          : parseInput(options.schema, input, locale, "json");
      const result = await fn(data, {
        db: await getDb(),
        user: user as ActionContext<A>["user"],
        meta: requestMeta(headerList),
        locale,
      });
      return { ok: true, data: result };
    } catch (e) {
      // Next's redirect() and notFound() work by throwing; they must pass through.
      if (isNextControlFlow(e)) throw e;
      const { body } = toErrorBody(e, locale, "server action");
      return { ok: false, error: body.error };
    }
  };
}

function isNextControlFlow(e: unknown): boolean {
  const digest = (e as { digest?: unknown })?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK"));
}
