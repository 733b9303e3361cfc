import { z } from "zod";
import { controlBadResponse, getControlJson } from "./control-fetch";
import { deviceName, nodeKeyOf, type ControlNode } from "./control-node";

/**
 * headscale's REST API (grpc-gateway over its gRPC service), as in v0.29: `GET /api/v1/node` with the API key as
 * a bearer token answers `{"nodes":[{"id":"1","nodeKey":"nodekey:…","name":"…","givenName":"…",…}]}`
 * (proto/headscale/v1/node.proto; ids are uint64, so JSON strings). givenName is the name headscale shows
 * and uses in MagicDNS; name is the host's own name.
 */
const answer = z.object({
  nodes: z
    .array(
      z.looseObject({
        id: z.union([z.string(), z.number()]).transform(String),
        nodeKey: z.string().optional(),
        name: z.string().optional(),
        givenName: z.string().optional(),
      }),
    )
    .optional()
    .default([]),
});

export async function listHeadscaleNodes(baseUrl: string, apiKey: string): Promise<ControlNode[]> {
  const parsed = answer.safeParse(await getControlJson(`${baseUrl}/api/v1/node`, apiKey));
  if (!parsed.success) throw controlBadResponse();
  return parsed.data.nodes.map((n) => ({ externalId: n.id, name: deviceName(n.givenName, n.name), nodeKey: nodeKeyOf(n.nodeKey) }));
}
