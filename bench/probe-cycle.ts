import { DEFAULT_PROBE_CONCURRENCY, probeRelays } from "@/lib/fleet/probe-cycle";
import { startFakeRelaysProcess } from "./fake-relays";

const RELAYS = 500;

/**
 * One latency cycle (pinned HTTPS /derp/probe + STUN per relay) over 500 relays on loopback, with the default
 * concurrency. The stand-in relays (TLS server with its own certificate + STUN responder each) run in a child
 * process, so CPU and memory below are the prober's own; on 2 cores both share the machine.
 */
export async function benchProbeCycle(): Promise<void> {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const t0 = performance.now();
  const relays = await startFakeRelaysProcess(RELAYS);
  console.log(`probe cycle: ${RELAYS} stand-in relays (TLS + STUN on loopback) started in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  try {
    for (const run of ["first", "second"]) {
      global.gc?.();
      const before = process.memoryUsage();
      let peakRss = before.rss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const samples = await probeRelays(relays.endpoints);
      const wall = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      clearInterval(sampler);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const httpsOk = samples.filter((s) => s.https.ok).length;
      const stunOk = samples.filter((s) => s.stun?.ok).length;
      const rtts = samples.flatMap((s) => (s.https.rttMs === null ? [] : [s.https.rttMs])).sort((a, b) => a - b);
      const p50 = rtts[Math.floor(rtts.length / 2)] ?? NaN;
      const failures = samples.find((s) => !s.https.ok || !s.stun?.ok);
      console.log(
        `  ${run} cycle, concurrency ${DEFAULT_PROBE_CONCURRENCY}: ${(wall / 1000).toFixed(2)} s wall, ` +
          `prober CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, ` +
          `HTTPS ok ${httpsOk}/${RELAYS}, STUN ok ${stunOk}/${RELAYS}, HTTPS GET median ${p50.toFixed(1)} ms; ` +
          `RSS ${mb(before.rss)} -> peak ${mb(peakRss)} (+${mb(peakRss - before.rss)})`,
      );
      if (failures) console.log(`  first failure: https=${failures.https.error} stun=${failures.stun?.error}`);
    }
  } finally {
    await relays.close();
  }
}
