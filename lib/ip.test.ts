import { describe, expect, it } from "vitest";
import { plainIp } from "./ip";
import { requestMeta } from "./http/request-meta";

describe("addresses", () => {
  it("show an IPv4 client seen over IPv6 as IPv4, and leave the rest", () => {
    expect(plainIp("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(plainIp("::FFFF:203.0.113.9")).toBe("203.0.113.9");
    expect(plainIp("2001:db8::1")).toBe("2001:db8::1");
    expect(plainIp("::ffff:7f00:1")).toBe("::ffff:7f00:1");
    expect(plainIp("198.51.100.7")).toBe("198.51.100.7");
    expect(plainIp(null)).toBeNull();
  });

  it("are read from a proxy's header as IPv4", () => {
    expect(requestMeta(new Headers({ "x-forwarded-for": "::ffff:198.51.100.7" }), 1).ip).toBe("198.51.100.7");
  });
});
