import type { DbOrTx } from "@/db/client";
import type { RequestMeta } from "@/lib/auth/types";
import { currentDerpMap } from "./versions";
import { recordDerpMapAccess } from "./access-log";
import { etagOf, renderVersion } from "./customer-map";
import { resolveLinkToken } from "./links";
import { isDerpMapFormat } from "./types";

/**
 * `GET /acl/<token>?format=tailscale|json|headscale` (json when absent: what headscale's derp.urls and derpprobe
 * read). No session: the token is the credential. Every answer is `no-store` and `no-referrer` (the URL is a
 * secret); an unknown, revoked or expired token is a bare 404 that does not say which; an unknown format is a
 * 400. The ETag lets pollers revalidate for a 304, which is not logged (nothing was downloaded); a 200 is.
 */
const BASE_HEADERS = {
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Robots-Tag": "noindex",
};

export async function serveDirectLink(db: DbOrTx, token: string, format: string | null, ifNoneMatch: string | null, meta: RequestMeta): Promise<Response> {
  const fmt = format ?? "json";
  if (!isDerpMapFormat(fmt)) return plain(400, "Unknown format: use tailscale, json or headscale.\n");
  const owner = await resolveLinkToken(db, token);
  if (!owner) return plain(404, "Not found.\n");
  const version = owner.latest ?? (await currentDerpMap(db, owner.userId)).version;
  const etag = etagOf(version, fmt);
  if (ifNoneMatch && ifNoneMatch.split(",").some((t) => t.trim() === etag || t.trim() === "*")) {
    return new Response(null, { status: 304, headers: { ...BASE_HEADERS, ETag: etag } });
  }
  const rendered = renderVersion(version, fmt);
  await recordDerpMapAccess(db, { userId: owner.userId, versionId: version.id, action: "download", format: fmt, channel: "link", meta });
  return new Response(rendered.body, { status: 200, headers: { ...BASE_HEADERS, ETag: etag, "Content-Type": rendered.contentType } });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...BASE_HEADERS, "Content-Type": "text/plain; charset=utf-8" } });
}
