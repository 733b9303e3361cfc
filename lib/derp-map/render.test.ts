import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { assembleDerpMap, type MapRelayRow } from "./build-map";
import { derpMapHash, orderedDerpMap } from "./canonical";
import { renderDerpMap } from "./render";
import { DERP_MAP_FORMATS, type DerpMapFormat } from "./types";

/**
 * Golden files of the three formats for a customer with an IP-only relay (self-signed, pinned by CertName) and
 * an HA rental on wildcard-domain relays (two nodes, one server with IPv6). `UPDATE_GOLDEN=1` rewrites them;
 * review the diff before committing.
 */
const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), "golden");
const CERT = "sha256-raw:" + "ab".repeat(32);

const rows: MapRelayRow[] = [
  // Given out of order on purpose: the map sorts regions and nodes.
  { rentalId: "7f3c9a10-0000-4000-8000-000000000002", derpRegionId: 901, regionCode: "fra", regionName: "Frankfurt", node: 1, hostname: "r-b7.derp.example.com", certName: null, derpPort: 8444, stunPort: 3480, ipv4: "198.51.100.21", ipv6: null },
  { rentalId: "c42e0000-0000-4000-8000-000000000001", derpRegionId: 900, regionCode: "hk", regionName: "Hong Kong", node: 0, hostname: "203.0.113.10", certName: CERT, derpPort: 21001, stunPort: 42001, ipv4: "203.0.113.10", ipv6: null },
  { rentalId: "7f3c9a10-0000-4000-8000-000000000002", derpRegionId: 901, regionCode: "fra", regionName: "Frankfurt", node: 0, hostname: "r-a3.derp.example.com", certName: null, derpPort: 8443, stunPort: 3479, ipv4: "198.51.100.20", ipv6: "2001:db8::20" },
];
const map = assembleDerpMap(rows, true);
const ctx = { version: 3, appUrl: "https://derp.example.com" };
const EXT: Record<DerpMapFormat, string> = { tailscale: "hujson", json: "json", headscale: "yaml" };

/** The DERPNode fields of shared/design/derp.md that we emit; nothing else may appear. */
const NODE_FIELDS = ["Name", "RegionID", "HostName", "CertName", "IPv4", "IPv6", "STUNPort", "DERPPort"];
const REGION_FIELDS = ["RegionID", "RegionCode", "RegionName", "Nodes"];

describe("DERP map formats", () => {
  for (const format of DERP_MAP_FORMATS) {
    it(`renders ${format} exactly as its golden file`, () => {
      const file = path.join(GOLDEN, `customer.${EXT[format]}`);
      const body = renderDerpMap(map, format, ctx).body;
      if (process.env.UPDATE_GOLDEN) writeFileSync(file, body);
      expect(body).toBe(readFileSync(file, "utf8"));
    });
  }

  it("parses back from JSON to exactly the fields of derp.md, with CertName only on the IP relay", () => {
    const parsed = JSON.parse(renderDerpMap(map, "json", ctx).body);
    expect(Object.keys(parsed)).toEqual(["OmitDefaultRegions", "Regions"]);
    expect(parsed.OmitDefaultRegions).toBe(true);
    expect(Object.keys(parsed.Regions)).toEqual(["900", "901"]);
    for (const region of Object.values(parsed.Regions) as Record<string, unknown>[]) {
      expect(Object.keys(region)).toEqual(REGION_FIELDS);
      for (const node of region.Nodes as Record<string, unknown>[]) {
        for (const key of Object.keys(node)) expect(NODE_FIELDS).toContain(key);
        expect(node.RegionID).toBe(region.RegionID);
      }
    }
    expect(parsed.Regions["900"]).toEqual({
      RegionID: 900,
      RegionCode: "hk-c42e",
      RegionName: "Hong Kong (c42e)",
      Nodes: [{ Name: "900a", RegionID: 900, HostName: "203.0.113.10", CertName: CERT, IPv4: "203.0.113.10", STUNPort: 42001, DERPPort: 21001 }],
    });
    expect(parsed.Regions["901"].Nodes).toEqual([
      { Name: "901a", RegionID: 901, HostName: "r-a3.derp.example.com", IPv4: "198.51.100.20", IPv6: "2001:db8::20", STUNPort: 3479, DERPPort: 8443 },
      { Name: "901b", RegionID: 901, HostName: "r-b7.derp.example.com", IPv4: "198.51.100.21", STUNPort: 3480, DERPPort: 8444 },
    ]);
    for (const f of DERP_MAP_FORMATS) expect(renderDerpMap(map, f, ctx).body).not.toMatch(/insecure/i);
  });

  it("gives headscale lower-case keys and integer region ids, which is what yaml.v3 reads into tailcfg.DERPMap", () => {
    const yaml = parseYaml(renderDerpMap(map, "headscale", ctx).body, { intAsBigInt: false });
    expect(Object.keys(yaml)).toEqual(["regions"]);
    expect(Object.keys(yaml.regions)).toEqual(["900", "901"]);
    expect(yaml.regions[900]).toEqual({
      regionid: 900,
      regioncode: "hk-c42e",
      regionname: "Hong Kong (c42e)",
      nodes: [{ name: "900a", regionid: 900, hostname: "203.0.113.10", certname: CERT, ipv4: "203.0.113.10", stunport: 42001, derpport: 21001 }],
    });
    expect(yaml.regions[901].nodes[0].ipv6).toBe("2001:db8::20");
    expect(renderDerpMap(map, "headscale", ctx).body).toMatch(/^ {2}900:$/m);
  });

  it("makes the Tailscale fragment a derpMap key whose value is the JSON map", () => {
    const body = renderDerpMap(map, "tailscale", ctx).body;
    expect(body.split("\n").slice(0, 3).every((l) => l.startsWith("// "))).toBe(true);
    const json = body.replace(/^\/\/.*$/gm, "").trim().replace(/^"derpMap":\s*/, "").replace(/,$/, "");
    expect(JSON.parse(json)).toEqual(JSON.parse(renderDerpMap(map, "json", ctx).body));
  });

  it("hashes and renders a map the same whatever order jsonb gave its keys back in", () => {
    const reverse = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverse) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v;
    const reordered = reverse(map) as typeof map;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(map));
    expect(derpMapHash(reordered)).toBe(derpMapHash(map));
    expect(JSON.stringify(orderedDerpMap(reordered))).toBe(JSON.stringify(map));
  });

  it("never omits Tailscale's regions when there are none of the customer's", () => {
    expect(assembleDerpMap([], true)).toEqual({ OmitDefaultRegions: false, Regions: {} });
  });
});
