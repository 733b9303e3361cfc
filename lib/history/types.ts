/**
 * The kinds of user history entries. Each has a message under history.types.<type> in
 * messages/<locale>/history.json; `data` carries the values that message uses. Later domains add their
 * types here (and their messages) without a migration.
 */
export const HISTORY_TYPES = [
  "registered",
  "verified",
  "redeemed",
  "extended",
  "allocated",
  "released",
  "quota",
  "acl_download",
  "rental_status",
  "granted",
  "rental_adjusted",
  "relay_state",
  "device_added",
  "device_removed",
] as const;

export type HistoryType = (typeof HISTORY_TYPES)[number];

export function isHistoryType(value: string): value is HistoryType {
  return (HISTORY_TYPES as readonly string[]).includes(value);
}

/** Plan names travel with the entry, so history reads the same after a plan is renamed or archived. */
export interface PlanNames {
  planId: string;
  planNameEn: string;
  planNameZh: string;
}

export interface HistoryData {
  registered: { email: string };
  verified: { email: string };
  redeemed: PlanNames & {
    orderId: number;
    rentalId: string;
    days: number;
    expiresAt: string;
    region: string | null;
  };
  extended: PlanNames & {
    orderId: number;
    rentalId: string;
    days: number;
    previousExpiresAt: string;
    expiresAt: string;
  };
  allocated: Record<string, unknown>;
  released: Record<string, unknown>;
  quota: Record<string, unknown>;
  acl_download: Record<string, unknown>;
  /** Written by lib/containers/relay-state.ts for every state change of a customer's relay container. */
  relay_state: {
    rentalId: string;
    relayId: string;
    node: number;
    from: string;
    to: string;
    reason: string;
    server: string;
  };
  /** Written by lib/rentals/transition-rental.ts for every status change of a rental. */
  rental_status: PlanNames & {
    rentalId: string;
    from: string;
    to: string;
    reason: string;
  };
  /** An admin gave days of a plan without a code (no order, no payment). */
  granted: PlanNames & {
    rentalId: string;
    days: number;
    expiresAt: string;
    /** The expiry before, when an existing rental was extended; null for a new rental. */
    previousExpiresAt: string | null;
  };
  /** The customer registered a device (typed in or approved from pending) or removed one. */
  device_added: { deviceId: string; name: string; nodeKey: string };
  device_removed: { deviceId: string; name: string; nodeKey: string };
  /** An admin changed a rental's expiry or traffic. */
  rental_adjusted: PlanNames & {
    rentalId: string;
    change: "expiry" | "traffic_reset" | "quota" | "traffic_reset_quota";
    expiresAt?: string;
    previousExpiresAt?: string;
    quotaGb?: number;
  };
}
