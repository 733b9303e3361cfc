import { NextResponse, type NextRequest } from "next/server";
import { LOCALE_COOKIE, resolveLocale } from "@/lib/i18n/config";
import { translateError } from "@/lib/i18n/messages";

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

type RouteContext = { params: Promise<Record<string, string | string[]>> };
export type RouteHandler = (req: NextRequest, ctx: RouteContext) => Promise<Response>;

/** Marks the handlers `methods` adds, so that tests sweeping every route's methods can tell them apart. */
export const METHOD_NOT_ALLOWED = Symbol.for("derpmanagement.methodNotAllowed");

/**
 * A route's handlers, with every other method answered 405 as JSON with an `Allow` header (Next's own 405 has
 * no body and no `Allow`), and OPTIONS answered with the same `Allow`. HEAD follows GET, as in Next.
 *
 *   export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET: apiRoute(…) });
 */
export function methods(handlers: Partial<Record<Method, RouteHandler>>): Record<Method | "OPTIONS", RouteHandler> {
  const implemented = METHODS.filter((m) => handlers[m]);
  const allow = [...implemented, ...(handlers.GET ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const notAllowed: RouteHandler = async (req) => {
    const locale = resolveLocale(req.cookies.get(LOCALE_COOKIE)?.value, req.headers.get("accept-language"));
    return NextResponse.json(
      { error: { code: "method_not_allowed", message: translateError(locale, "method_not_allowed", { method: req.method }) } },
      { status: 405, headers: { Allow: allow } },
    );
  };
  Object.assign(notAllowed, { [METHOD_NOT_ALLOWED]: true });
  const options: RouteHandler = async () => new NextResponse(null, { status: 204, headers: { Allow: allow } });
  const out = Object.fromEntries(METHODS.map((m) => [m, handlers[m] ?? notAllowed]));
  return { ...out, OPTIONS: options } as Record<Method | "OPTIONS", RouteHandler>;
}
