import { DAY_MS } from "@/lib/clock";

/** Traffic is stored in bytes and shown in decimal gigabytes, like traffic meters and hosting plans. */
export const BYTES_PER_GB = 1_000_000_000;

export function bytesToGb(bytes: number): number {
  return Math.round((bytes / BYTES_PER_GB) * 100) / 100;
}

export function gbToBytes(gb: number): number {
  return Math.round(gb * BYTES_PER_GB);
}

/** Whole days left until `expiresAt` (0 once it has passed); a part day counts as a day. */
export function daysLeft(expiresAt: Date, at: Date): number {
  const ms = expiresAt.getTime() - at.getTime();
  return ms <= 0 ? 0 : Math.ceil(ms / DAY_MS);
}
