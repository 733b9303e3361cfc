import { NextResponse, type NextRequest } from "next/server";
import { LOCALE_COOKIE, resolveLocale } from "@/lib/i18n/config";
import { translateError } from "@/lib/i18n/messages";

/**
 * A path with a malformed percent-escape (`/api/%ff`) makes Next fail while it matches routes, before any
 * route runs, with a plain-text 500. Such a path is answered here instead: 400 `invalid_path`, as JSON under
 * /api. The matcher lets only paths with a "%" through, so every other request skips the proxy (and the body
 * buffering a proxy costs).
 */
export function proxy(req: NextRequest) {
  try {
    decodeURIComponent(req.nextUrl.pathname);
    return NextResponse.next();
  } catch {
    const locale = resolveLocale(req.cookies.get(LOCALE_COOKIE)?.value, req.headers.get("accept-language"));
    const message = translateError(locale, "invalid_path");
    if (req.nextUrl.pathname.startsWith("/api/")) {
      return NextResponse.json({ error: { code: "invalid_path", message } }, { status: 400 });
    }
    return new NextResponse(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

export const config = { matcher: "/:path(.*%.*)" };
