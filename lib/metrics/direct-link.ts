import { Counter } from "prom-client";
import { once, processRegistry } from "./registry";

const FORMATS = new Set(["json", "tailscale", "headscale"]);

/** Requests to the secret DERP-map link (app/(portal)/acl/[token]), by format asked and status answered. */
export const directLinkDownloads = once(
  processRegistry,
  "dm_direct_link_downloads_total",
  () =>
    new Counter({
      name: "dm_direct_link_downloads_total",
      help: "Direct-link DERP map requests, by format and HTTP status (200 served, 304 unchanged, 404 unknown link).",
      labelNames: ["format", "status"] as const,
      registers: [processRegistry],
    }),
);

/** `format` is what the caller wrote (null: the default json); anything unknown is counted as "other". */
export function countDirectLinkDownload(format: string | null, status: number): void {
  const f = format ?? "json";
  directLinkDownloads.inc({ format: FORMATS.has(f) ? f : "other", status: String(status) });
}
