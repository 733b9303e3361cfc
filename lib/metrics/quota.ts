import { Counter } from "prom-client";
import { once, processRegistry } from "./registry";

/** Rentals stopped because their traffic quota was used up (lib/containers/traffic/quota.ts), counted by the process that stopped them. */
export const quotaStops = once(
  processRegistry,
  "dm_quota_stops_total",
  () =>
    new Counter({
      name: "dm_quota_stops_total",
      help: "Rentals moved to over_quota because their traffic quota was used up.",
      registers: [processRegistry],
    }),
);
