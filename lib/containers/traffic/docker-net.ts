import type { DockerClient } from "@/lib/fleet/docker-client";

/**
 * Docker's network counters of one relay container: rx + tx bytes summed over its interfaces, from one
 * one-shot stats reading (`stream=false&one-shot=true`: the engine answers at once instead of waiting a second
 * for a CPU delta). They count everything on the container's interface: TLS and TCP overhead, STUN, probes,
 * admission calls, /debug/vars reads. Host networking has no interface of its own: null.
 */

export const DOCKER_STATS_TIMEOUT_MS = 5_000;

type NetworkStats = Record<string, { rx_bytes?: number; tx_bytes?: number }>;

export async function readDockerNetBytes(client: DockerClient, containerName: string, timeoutMs = DOCKER_STATS_TIMEOUT_MS): Promise<number | null> {
  const stats = await client.call(
    "read relay network counters",
    (docker, signal) =>
      docker.getContainer(containerName).stats({ stream: false, "one-shot": true, abortSignal: signal } as object) as unknown as Promise<{ networks?: NetworkStats }>,
    { timeoutMs },
  );
  return networkBytes(stats.networks);
}

export function networkBytes(networks: NetworkStats | undefined | null): number | null {
  if (!networks || Object.keys(networks).length === 0) return null;
  let total = 0;
  for (const n of Object.values(networks)) total += (n.rx_bytes ?? 0) + (n.tx_bytes ?? 0);
  return total;
}
