import { parseNodeKey } from "../node-key";

/** A node as both control servers list it: what becomes a device. */
export interface ControlNode {
  /** The control server's own id for the node (headscale's numeric id, Tailscale's nodeId). */
  externalId: string;
  name: string;
  /** Normalised `nodekey:` + 64 hex; null when the server gave none we can use (such a node cannot be imported). */
  nodeKey: string | null;
}

/** Device names are at most 100 characters (lib/devices/node-key.ts). */
export function deviceName(...candidates: unknown[]): string {
  for (const c of candidates) {
    if (typeof c === "string" && c.trim()) return c.trim().slice(0, 100);
  }
  return "node";
}

export const nodeKeyOf = (value: unknown): string | null => parseNodeKey(value);
