import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { serveDirectLink } from "@/lib/derp-map/direct-link";
import { requestMeta } from "@/lib/http/request-meta";

/**
 * The secret direct link to a customer's DERP map (lib/derp-map/direct-link.ts): no session, the token is the
 * credential. Only GET (and HEAD, which Next answers from GET); proxy.ts lets it through untouched.
 */
export async function GET(req: NextRequest, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await ctx.params;
  return serveDirectLink(await getDb(), token, req.nextUrl.searchParams.get("format"), req.headers.get("if-none-match"), requestMeta(req.headers));
}
