import { describe, expect, it } from "vitest";
import { counterDelta } from "./delta";
import { parseDerpVars } from "./derp-vars";
import { networkBytes } from "./docker-net";

describe("traffic delta rules", () => {
  it("counts the whole counter when there is no baseline (first reading since the container started)", () => {
    expect(counterDelta(null, 0)).toEqual({ delta: 0, reset: false });
    expect(counterDelta(null, 12_345)).toEqual({ delta: 12_345, reset: false });
  });

  it("counts the growth since the baseline, and a missed reading loses nothing", () => {
    expect(counterDelta(1_000, 1_000)).toEqual({ delta: 0, reset: false });
    expect(counterDelta(1_000, 1_500)).toEqual({ delta: 500, reset: false });
    // Readings at 1 000, (missed at 1 500), then 2 200: the second delta covers both intervals.
    expect(counterDelta(1_000, 2_200).delta).toBe(1_200);
  });

  it("counts a counter that went down from zero (the process restarted)", () => {
    expect(counterDelta(5_000, 300)).toEqual({ delta: 300, reset: true });
    expect(counterDelta(5_000, 0)).toEqual({ delta: 0, reset: true });
  });

  it("reads derper's expvar JSON and refuses anything else", () => {
    const vars = JSON.stringify({ cmdline: ["derper"], derp: { accepts: 3, bytes_received: 1_200, bytes_sent: 1_100, gauge_current_connections: 2 } });
    expect(parseDerpVars(vars)).toEqual({ bytesReceived: 1_200, bytesSent: 1_100, total: 2_300 });
    expect(() => parseDerpVars("<html>")).toThrow(/not JSON/);
    expect(() => parseDerpVars(JSON.stringify({ derp: { bytes_received: 1 } }))).toThrow(/no derp.bytes_received/);
    expect(() => parseDerpVars(JSON.stringify({ derp: { bytes_received: -1, bytes_sent: 0 } }))).toThrow();
  });

  it("sums Docker's rx and tx over the interfaces; host networking has none", () => {
    expect(networkBytes({ eth0: { rx_bytes: 100, tx_bytes: 50 }, eth1: { rx_bytes: 1, tx_bytes: 2 } })).toBe(153);
    expect(networkBytes(undefined)).toBeNull();
    expect(networkBytes({})).toBeNull();
  });
});
