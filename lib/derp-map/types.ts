/**
 * Tailscale's DERPMap (tailcfg/derpmap.go) in its own field names, limited to the fields we emit
 * (shared/design/derp.md). `InsecureForTests` is deliberately absent: it turns off TLS verification.
 */
export interface DerpNode {
  Name: string;
  RegionID: number;
  HostName: string;
  /** `sha256-raw:<hex>` for IP-named relays with a self-signed leaf (pinned); absent for domain relays. */
  CertName?: string;
  IPv4: string;
  IPv6?: string;
  STUNPort: number;
  DERPPort: number;
}

export interface DerpRegion {
  RegionID: number;
  RegionCode: string;
  RegionName: string;
  Nodes: DerpNode[];
}

export interface DerpMap {
  OmitDefaultRegions: boolean;
  Regions: Record<string, DerpRegion>;
}

export const DERP_MAP_FORMATS = ["tailscale", "json", "headscale"] as const;
export type DerpMapFormat = (typeof DERP_MAP_FORMATS)[number];

export function isDerpMapFormat(value: unknown): value is DerpMapFormat {
  return typeof value === "string" && (DERP_MAP_FORMATS as readonly string[]).includes(value);
}
