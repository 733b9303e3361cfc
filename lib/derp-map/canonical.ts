import { createHash } from "node:crypto";
import type { DerpMap, DerpNode, DerpRegion } from "./types";

/**
 * A stored map back in Tailscale's field order. Postgres jsonb keeps keys in its own order (shortest first), so
 * everything rendered goes through here, and the hash is taken of this form: equal maps hash equally whatever
 * order their keys were stored in.
 */
export function orderedDerpMap(content: unknown): DerpMap {
  const map = content as DerpMap;
  const ids = Object.keys(map.Regions ?? {}).sort((a, b) => Number(a) - Number(b));
  const Regions: Record<string, DerpRegion> = {};
  for (const id of ids) {
    const r = map.Regions[id];
    Regions[id] = { RegionID: r.RegionID, RegionCode: r.RegionCode, RegionName: r.RegionName, Nodes: r.Nodes.map(orderedNode) };
  }
  return { OmitDefaultRegions: Boolean(map.OmitDefaultRegions), Regions };
}

function orderedNode(n: DerpNode): DerpNode {
  return {
    Name: n.Name,
    RegionID: n.RegionID,
    HostName: n.HostName,
    ...(n.CertName ? { CertName: n.CertName } : {}),
    IPv4: n.IPv4,
    ...(n.IPv6 ? { IPv6: n.IPv6 } : {}),
    STUNPort: n.STUNPort,
    DERPPort: n.DERPPort,
  };
}

/** sha256 hex of the ordered map's JSON: what decides whether a generation is a new version. */
export function derpMapHash(map: DerpMap): string {
  return createHash("sha256").update(JSON.stringify(orderedDerpMap(map))).digest("hex");
}
