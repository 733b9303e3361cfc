import type { RentalStatus } from "@/db/schema";

/**
 * The admission rule, without I/O: allow a key exactly when the relay belongs to a rental that is active and
 * within its traffic quota, and the key is one of the first `deviceLimit` devices (in creation order) of the
 * rental's owner. Everything else is a refusal with a reason that is counted and stored for pending devices.
 */

/** What admission needs to know about the relay behind a secret; null: no such (live, customer) relay. */
export interface RelayFacts {
  relayId: string;
  userId: string;
  rentalId: string;
  status: RentalStatus;
  trafficUsedBytes: number;
  trafficQuotaBytes: number;
  deviceLimit: number;
}

/** A customer's device keys, each with its position in creation order (0 = oldest). */
export type DeviceKeys = ReadonlyMap<string, number>;

export type DenyReason =
  | "bad_request"
  | "unknown_relay"
  | "rental_inactive"
  | "over_quota"
  | "unknown_key"
  | "over_device_limit"
  | "lookup_failed";

export type Decision = { allow: true; reason: "device" } | { allow: false; reason: DenyReason };

export function decideAdmission(relay: RelayFacts | null, keys: DeviceKeys | null, nodeKey: string): Decision {
  if (!relay) return { allow: false, reason: "unknown_relay" };
  if (relay.status !== "active") return { allow: false, reason: "rental_inactive" };
  if (relay.trafficUsedBytes >= relay.trafficQuotaBytes) return { allow: false, reason: "over_quota" };
  const position = keys?.get(nodeKey);
  if (position === undefined) return { allow: false, reason: "unknown_key" };
  if (position >= relay.deviceLimit) return { allow: false, reason: "over_device_limit" };
  return { allow: true, reason: "device" };
}
