import { afterEach, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { requestMeta } from "./request-meta";

const h = (xff?: string) => new Headers(xff ? { "x-forwarded-for": xff, "user-agent": "ua" } : { "user-agent": "ua" });

describe("requestMeta", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetEnvForTests();
  });

  it("takes the address the trusted proxy appended, not one the client wrote", () => {
    expect(requestMeta(h("203.0.113.5"), 1).ip).toBe("203.0.113.5");
    expect(requestMeta(h("6.6.6.6, 203.0.113.5"), 1).ip).toBe("203.0.113.5");
    expect(requestMeta(h("6.6.6.6, 203.0.113.5, 10.0.0.2"), 2).ip).toBe("203.0.113.5");
    expect(requestMeta(h("203.0.113.5"), 2).ip).toBe("203.0.113.5");
  });
  it("knows no address without a trusted proxy or a valid entry", () => {
    expect(requestMeta(h("203.0.113.5"), 0).ip).toBeNull();
    expect(requestMeta(h(), 1).ip).toBeNull();
    expect(requestMeta(h("not-an-ip"), 1)).toEqual({ ip: null, userAgent: "ua" });
  });
  it("by default trusts no proxy, so a forged X-Forwarded-For is not taken as the client address", () => {
    // The quick start has no proxy: the header comes straight from the client.
    vi.stubEnv("TRUST_PROXY_HOPS", undefined);
    resetEnvForTests();
    expect(requestMeta(h("203.0.113.5")).ip).toBeNull();
    vi.stubEnv("TRUST_PROXY_HOPS", "1");
    resetEnvForTests();
    expect(requestMeta(h("203.0.113.5")).ip).toBe("203.0.113.5");
  });
});
