import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { serveDirectLink } from "@/lib/derp-map/direct-link";
import { requestMeta } from "@/lib/http/request-meta";
import { countDirectLinkDownload } from "@/lib/metrics/direct-link";
import { observeRoute } from "@/lib/metrics/http";

/**
 * The secret direct link to a customer's DERP map (lib/derp-map/direct-link.ts): no session, the token is the
 * credential. Only GET (and HEAD, which Next answers from GET); proxy.ts lets it through untouched.
 */
export const GET = observeRoute(async (req: NextRequest, ctx: { params: Promise<{ token: string }> }): Promise<Response> => {
  const { token } = await ctx.params;
  const format = req.nextUrl.searchParams.get("format");
  const res = await serveDirectLink(await getDb(), token, format, req.headers.get("if-none-match"), requestMeta(req.headers));
  countDirectLinkDownload(format, res.status);
  return res;
});
