import { DAY_MS } from "@/lib/clock";

/**
 * The units the product shows. Traffic is stored in bytes and shown in decimal gigabytes, like traffic
 * meters and hosting plans; bandwidth is stored in bytes per second and shown in Mbit/s (decimal, as link
 * speeds are sold).
 */
export const BYTES_PER_GB = 1_000_000_000;
const BITS_PER_MBIT = 1_000_000;

export function bytesToGb(bytes: number): number {
  return Math.round((bytes / BYTES_PER_GB) * 100) / 100;
}

export function gbToBytes(gb: number): number {
  return Math.round(gb * BYTES_PER_GB);
}

/** Exact Mbit/s; round where it is shown. */
export function bytesPerSecToMbps(bytesPerSec: number): number {
  return (bytesPerSec * 8) / BITS_PER_MBIT;
}

export function mbpsToBytesPerSec(mbps: number): number {
  return Math.round((mbps * BITS_PER_MBIT) / 8);
}

/** Whole days left until `expiresAt` (0 once it has passed); a part day counts as a day. */
export function daysLeft(expiresAt: Date, at: Date): number {
  const ms = expiresAt.getTime() - at.getTime();
  return ms <= 0 ? 0 : Math.ceil(ms / DAY_MS);
}
