import { describe, expect, it } from "vitest";
import type { RelayState, RentalStatus } from "@/db/schema";
import { ABANDONED_CREATING_MS, decide, type SeenContainer } from "./reconcile-plan";

const at = new Date("2026-06-01T12:00:00Z");
const relay = (state: RelayState, stateReason: string | null = null, ageMs = 60 * 60_000) => ({
  kind: "customer" as const,
  state,
  stateReason,
  stateChangedAt: new Date(at.getTime() - ageMs),
});
const rental = (status: RentalStatus) => ({ status });
const container = (running: boolean): SeenContainer => ({ name: "derpm-relay-x", relayId: "x", running, image: "img", configHash: "h" });

describe("reconciliation decisions", () => {
  it("removes containers without a live row, and leaves the canary's kind out", () => {
    expect(decide(null, null, container(true), at)).toEqual({ act: "remove", reason: "no relay has this id" });
    expect(decide(relay("released"), rental("active"), container(false), at)).toEqual({ act: "remove", reason: "the relay is released" });
    expect(decide({ ...relay("running"), kind: "canary" }, null, container(true), at)).toEqual({ act: "none" });
    expect(decide(relay("released"), null, null, at)).toEqual({ act: "none" });
  });

  it("leaves a young creating row alone and releases an abandoned one", () => {
    expect(decide(relay("creating", null, 1000), rental("pending"), null, at)).toEqual({ act: "none" });
    expect(decide(relay("creating", null, 1000), rental("pending"), container(false), at)).toEqual({ act: "none" });
    expect(decide(relay("creating", null, ABANDONED_CREATING_MS + 1), rental("pending"), null, at)).toEqual({ act: "release", reason: "its creation was abandoned" });
  });

  it("runs what should run", () => {
    expect(decide(relay("running"), rental("active"), null, at)).toEqual({ act: "deploy", reason: "its container is missing" });
    expect(decide(relay("running"), rental("active"), container(false), at)).toEqual({ act: "start", reason: "its container is stopped" });
    expect(decide(relay("running"), rental("active"), container(true), at)).toEqual({ act: "verify" });
    // What the health check saw is not a decision to stop.
    expect(decide(relay("stopped", "container exited (Exited (1))"), rental("active"), container(false), at)).toMatchObject({ act: "start" });
    expect(decide(relay("failed", "container missing"), rental("active"), null, at)).toMatchObject({ act: "deploy" });
    expect(decide(relay("failed"), rental("active"), container(true), at)).toMatchObject({ act: "start" });
  });

  it("stops what should not run, and leaves allocation's cases to it", () => {
    for (const status of ["over_quota", "expired", "suspended"] as const) {
      expect(decide(relay("running"), rental(status), container(true), at)).toEqual({ act: "stop", reason: `its rental is ${status}` });
      expect(decide(relay("stopped", "quota"), rental(status), container(false), at)).toEqual({ act: "none" });
    }
    expect(decide(relay("stopped", "admin"), rental("active"), container(true), at)).toEqual({ act: "stop", reason: "it was stopped (admin)" });
    expect(decide(relay("stopped", "admin"), rental("active"), null, at)).toEqual({ act: "none" });
    expect(decide(relay("stopped", "expiry"), rental("pending"), container(false), at)).toEqual({ act: "none" });
    expect(decide(relay("failed"), rental("pending"), null, at)).toEqual({ act: "none" });
  });

  it("releases a live relay whose rental is over", () => {
    expect(decide(relay("stopped"), rental("released"), container(false), at)).toEqual({ act: "release", reason: "its rental is over" });
    expect(decide(relay("running"), null, null, at)).toEqual({ act: "release", reason: "its rental is over" });
  });
});
