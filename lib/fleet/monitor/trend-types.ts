/**
 * The trend series' view types and ranges, without any server-side import: client components (the charts)
 * import this file, lib/fleet/monitor/trends.ts computes the values.
 */

export const TREND_RANGES = ["1h", "24h", "7d", "30d"] as const;
export type TrendRange = (typeof TREND_RANGES)[number];

export type LatencyPoint = {
  /** Bucket start, ISO 8601 UTC. */
  t: string;
  samples: number;
  failures: number;
  /** failures / samples, 0-1; null without samples. */
  loss: number | null;
  minMs: number | null;
  avgMs: number | null;
  p95Ms: number | null;
  maxMs: number | null;
};

export type LoadPoint = {
  t: string;
  samples: number;
  /** Averages over the bucket's health checks. */
  relaysRunning: number | null;
  capacity: number | null;
  /** Our containers' CPU, 100 = one CPU. */
  cpuPercent: number | null;
  memoryBytes: number | null;
  hostCpus: number | null;
  hostMemoryBytes: number | null;
  /** Health checks in the bucket that found the server down. */
  downChecks: number;
};

export type ServerTrends = {
  range: TrendRange;
  bucketSeconds: number;
  from: string;
  to: string;
  https: LatencyPoint[];
  stun: LatencyPoint[];
  load: LoadPoint[];
};
