import { NextResponse, NextRequest } from "next/server";
import { badRequest } from "@/lib/errors";
import { LOCALE_COOKIE, resolveLocale } from "@/lib/i18n/config";
import { refuseUnstorableText } from "@/lib/validation";
import { toErrorBody } from "./error-body";
import type { RouteHandler } from "./methods";
import { readBodyText } from "./read-body";

/**
 * For handlers that read the body themselves (next-auth's): the body is read here first, at most 1 MB while
 * streaming (413), must parse when it claims to be JSON (400 `invalid_json`, where next-auth would throw a
 * 500) and may hold no text Postgres cannot store; the handler then gets a request with the same body.
 */
export function checkedBody(handler: RouteHandler): RouteHandler {
  return async (req, ctx) => {
    const locale = resolveLocale(req.cookies.get(LOCALE_COOKIE)?.value, req.headers.get("accept-language"));
    let text: string;
    try {
      text = await readBodyText(req);
      const type = req.headers.get("content-type") ?? "";
      if (type.includes("application/json")) refuseUnstorableText(parseJson(text), locale);
      else if (type.includes("application/x-www-form-urlencoded")) refuseUnstorableText(Object.fromEntries(new URLSearchParams(text)), locale);
    } catch (e) {
      const { status, body } = toErrorBody(e, locale, `${req.method} ${req.nextUrl.pathname}`);
      return NextResponse.json(body, { status });
    }
    const headers = new Headers(req.headers);
    headers.delete("content-length");
    headers.delete("transfer-encoding");
    return handler(new NextRequest(req.url, { method: req.method, headers, body: text }), ctx);
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("invalid_json");
  }
}
