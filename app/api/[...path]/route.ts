import { NextResponse, type NextRequest } from "next/server";
import { LOCALE_COOKIE, resolveLocale } from "@/lib/i18n/config";
import { translateError } from "@/lib/i18n/messages";

// Any /api path without a route of its own: a JSON 404 instead of the HTML not-found page.
function notFound(req: NextRequest) {
  const locale = resolveLocale(req.cookies.get(LOCALE_COOKIE)?.value, req.headers.get("accept-language"));
  return NextResponse.json(
    { error: { code: "api_not_found", message: translateError(locale, "api_not_found") } },
    { status: 404 },
  );
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
