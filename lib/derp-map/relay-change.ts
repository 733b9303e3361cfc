import type { Relay } from "@/db/schema";

/** Relay fields a DERP map is made of (the server gives the addresses, so a move changes serverId). */
const MAP_FIELDS = ["state", "hostname", "certName", "derpPort", "stunPort", "serverId"] as const;

/** Whether a relay update can change its owner's map: lib/containers/relay-state.ts regenerates then. */
export function changesDerpMap(before: Relay, after: Relay): boolean {
  return MAP_FIELDS.some((f) => before[f] !== after[f]);
}
