import { Document } from "yaml";
import { orderedDerpMap } from "./canonical";
import type { DerpMap, DerpMapFormat } from "./types";

export interface RenderedDerpMap {
  body: string;
  contentType: string;
  /** A file name for downloads. */
  filename: string;
}

export interface RenderContext {
  version: number;
  /** The platform's address, named in the comment headers so a pasted map says where it came from. */
  appUrl: string;
}

/** The map in one of the three formats. Deterministic: the same map and version give the same bytes (ETag). */
export function renderDerpMap(content: unknown, format: DerpMapFormat, ctx: RenderContext): RenderedDerpMap {
  const map = orderedDerpMap(content);
  switch (format) {
    case "tailscale":
      return { body: tailscaleFragment(map, ctx), contentType: "text/plain; charset=utf-8", filename: "derp-map-tailscale.hujson" };
    case "json":
      // The bare DERPMap, no comment: what headscale's derp.urls and derpprobe -derp-map read.
      return { body: JSON.stringify(map, null, 2) + "\n", contentType: "application/json; charset=utf-8", filename: "derp-map.json" };
    case "headscale":
      return { body: headscaleYaml(map, ctx), contentType: "application/yaml; charset=utf-8", filename: "derp-map.yaml" };
  }
}

/**
 * A fragment of the tailnet policy file (HuJSON): the `derpMap` key with a trailing comma, which HuJSON allows,
 * so it can be pasted before or after any other top-level key.
 */
function tailscaleFragment(map: DerpMap, ctx: RenderContext): string {
  const json = JSON.stringify(map, null, 2).replace(/\n/g, "\n  ");
  return [
    `// DERP map from ${ctx.appUrl}, version ${ctx.version}.`,
    "// Paste it into your tailnet policy file (Tailscale admin console → Access controls → JSON editor),",
    "// at the top level of the object, next to \"acls\"; replace any \"derpMap\" that is already there.",
    `  "derpMap": ${json},`,
    "",
  ].join("\n");
}

/**
 * headscale's YAML for `derp.paths`: it decodes with yaml.v3 straight into tailcfg.DERPMap, so keys are the Go
 * field names in lower case (CamelCase keys would be silently ignored) and region ids are integer keys.
 * OmitDefaultRegions is not emitted: headscale leaves Tailscale's regions out when its own `derp.urls` does
 * not list Tailscale's default map, which the comment says.
 */
function headscaleYaml(map: DerpMap, ctx: RenderContext): string {
  const regions = new Map<number, unknown>();
  for (const r of Object.values(map.Regions)) {
    regions.set(r.RegionID, {
      regionid: r.RegionID,
      regioncode: r.RegionCode,
      regionname: r.RegionName,
      nodes: r.Nodes.map((n) => ({
        name: n.Name,
        regionid: n.RegionID,
        hostname: n.HostName,
        ...(n.CertName ? { certname: n.CertName } : {}),
        ipv4: n.IPv4,
        ...(n.IPv6 ? { ipv6: n.IPv6 } : {}),
        stunport: n.STUNPort,
        derpport: n.DERPPort,
      })),
    });
  }
  const doc = new Document({ regions });
  const header = [
    `# DERP map from ${ctx.appUrl}, version ${ctx.version}, for headscale's derp.paths.`,
    map.OmitDefaultRegions
      ? "# Only these relays: remove Tailscale's default map (https://controlplane.tailscale.com/derpmap/default) from derp.urls."
      : "# Tailscale's default regions stay available when derp.urls keeps Tailscale's default map.",
  ];
  return `${header.join("\n")}\n${doc.toString({ lineWidth: 0 })}`;
}
