import { z } from "zod";
import { controlBadResponse, getControlJson } from "./control-fetch";
import { deviceName, nodeKeyOf, type ControlNode } from "./control-node";

/**
 * Tailscale's API v2: `GET {base}/api/v2/tailnet/{tailnet}/devices` with an API access token as bearer answers
 * `{"devices":[{"id","nodeId","name":"host.tailXXXX.ts.net","hostname","nodeKey":"nodekey:…",…}]}`. nodeId is
 * the id Tailscale recommends; `id` is the legacy numeric one. The machine name is the first label of `name`
 * (what the admin console shows); `hostname` is the OS's name. Shared-in (external) devices carry keys too.
 */
export const TAILSCALE_API = "https://api.tailscale.com";

const answer = z.object({
  devices: z.array(
    z.looseObject({
      id: z.string().optional(),
      nodeId: z.string().optional(),
      name: z.string().optional(),
      hostname: z.string().optional(),
      nodeKey: z.string().optional(),
    }),
  ),
});

export async function listTailscaleDevices(baseUrl: string, tailnet: string, token: string): Promise<ControlNode[]> {
  const url = `${baseUrl}/api/v2/tailnet/${encodeURIComponent(tailnet)}/devices`;
  const parsed = answer.safeParse(await getControlJson(url, token));
  if (!parsed.success) throw controlBadResponse();
  return parsed.data.devices.flatMap((d) => {
    const externalId = d.nodeId || d.id;
    if (!externalId) return [];
    return [{ externalId, name: deviceName(d.name?.split(".")[0], d.hostname, d.name), nodeKey: nodeKeyOf(d.nodeKey) }];
  });
}
