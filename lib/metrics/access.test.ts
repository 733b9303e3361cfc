import { describe, expect, it } from "vitest";
import { metricsAccessCheck } from "./access";

const TOKEN = "a-metrics-token-of-some-length";

describe("metricsAccessCheck", () => {
  it("is off for everyone when neither a token nor addresses are set", () => {
    const check = metricsAccessCheck({});
    expect(check(`Bearer ${TOKEN}`, "127.0.0.1")).toBe("disabled");
    expect(check(null, null)).toBe("disabled");
    expect(metricsAccessCheck({ token: "", allowFrom: [] })(null, "127.0.0.1")).toBe("disabled");
  });

  it("allows the exact bearer token only", () => {
    const check = metricsAccessCheck({ token: TOKEN });
    expect(check(`Bearer ${TOKEN}`, null)).toBe("allowed");
    expect(check(`bearer ${TOKEN}`, null)).toBe("allowed");
    for (const h of [null, "", "Bearer", `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`, TOKEN, `Bearer ${TOKEN} extra`]) {
      expect(check(h, "127.0.0.1"), String(h)).toBe("refused");
    }
  });

  it("allows listed addresses and networks, IPv4 seen over IPv6 included", () => {
    const check = metricsAccessCheck({ allowFrom: ["10.0.0.0/8", "192.0.2.7", "2001:db8::/32"] });
    expect(check(null, "10.200.1.1")).toBe("allowed");
    expect(check(null, "::ffff:10.1.1.1")).toBe("allowed");
    expect(check(null, "192.0.2.7")).toBe("allowed");
    expect(check(null, "2001:db8:1::5")).toBe("allowed");
    for (const ip of [null, "", "192.0.2.8", "11.0.0.1", "2001:db9::1", "not-an-ip"]) expect(check(null, ip), String(ip)).toBe("refused");
    // The token is not configured: presenting one opens nothing.
    expect(check(`Bearer ${TOKEN}`, "198.51.100.1")).toBe("refused");
  });
});
