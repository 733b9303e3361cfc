import type Docker from "dockerode";
import { mapWithConcurrency } from "../concurrency";
import type { DockerCallOptions, DockerClient } from "../docker-client";

/**
 * CPU and memory of our containers as `docker stats --no-stream` computes them. `stream: false` makes the engine
 * take two readings about a second apart, so every call costs that second: containers are read in parallel
 * (bounded), each with the Docker module's deadline, and a container whose reading fails or times out is left
 * out of the sums rather than failing the health check.
 */

export type StatsTotals = {
  /** Sum over the containers; 100 = one CPU fully used. null when no reading succeeded. */
  cpuPercent: number | null;
  memoryBytes: number | null;
  read: number;
  failed: number;
};

const STATS_CONCURRENCY = 16;

export async function readContainerStats(client: DockerClient, containerIds: readonly string[], call?: DockerCallOptions): Promise<StatsTotals> {
  const readings = await mapWithConcurrency(containerIds, STATS_CONCURRENCY, async (id) => {
    try {
      const stats = await client.call(
        "docker stats",
        (docker, signal) => docker.getContainer(id).stats({ stream: false, abortSignal: signal } as { stream: false }),
        call,
      );
      return usageOf(stats);
    } catch {
      return null;
    }
  });
  const ok = readings.filter((r): r is { cpuPercent: number; memoryBytes: number } => r !== null);
  return {
    cpuPercent: ok.length ? round(ok.reduce((s, r) => s + r.cpuPercent, 0)) : null,
    memoryBytes: ok.length ? ok.reduce((s, r) => s + r.memoryBytes, 0) : null,
    read: ok.length,
    failed: readings.length - ok.length,
  };
}

/** The docker CLI's formulas: CPU share of the host between the two readings, memory without the page cache. */
export function usageOf(stats: Docker.ContainerStats): { cpuPercent: number; memoryBytes: number } {
  const cpuDelta = stats.cpu_stats.cpu_usage.total_usage - (stats.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (stats.cpu_stats.system_cpu_usage ?? 0) - (stats.precpu_stats?.system_cpu_usage ?? 0);
  const cpus = stats.cpu_stats.online_cpus || stats.cpu_stats.cpu_usage.percpu_usage?.length || 1;
  const cpuPercent = cpuDelta > 0 && systemDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;
  const memory = stats.memory_stats ?? ({} as Docker.ContainerStats["memory_stats"]);
  const detail = (memory.stats ?? {}) as Record<string, number | undefined>;
  // cgroup v2 reports inactive_file, v1 total_inactive_file.
  const cache = detail.inactive_file ?? detail.total_inactive_file ?? 0;
  const usage = memory.usage ?? 0;
  return { cpuPercent, memoryBytes: Math.max(0, usage - (cache < usage ? cache : 0)) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
