import { describe, expect, it } from "vitest";
import { decideAdmission, type RelayFacts } from "./admission-decision";
import { parseRequest } from "./admission";
import { sourceIp } from "./admission-refusals";

const key = (n: number) => `nodekey:${n.toString(16).padStart(64, "0")}`;
const relay: RelayFacts = {
  relayId: "r",
  userId: "u",
  rentalId: "x",
  status: "active",
  trafficUsedBytes: 10,
  trafficQuotaBytes: 100,
  deviceLimit: 2,
};
const keys = new Map([key(1), key(2), key(3)].map((k, i) => [k, i]));

describe("the admission rule", () => {
  it("allows the first deviceLimit devices of an active rental within quota", () => {
    expect(decideAdmission(relay, keys, key(1))).toEqual({ allow: true, reason: "device" });
    expect(decideAdmission(relay, keys, key(2))).toEqual({ allow: true, reason: "device" });
  });

  it("refuses with the reason: past the limit, unknown key, unknown relay, inactive, over quota", () => {
    expect(decideAdmission(relay, keys, key(3))).toEqual({ allow: false, reason: "over_device_limit" });
    expect(decideAdmission(relay, keys, key(4))).toEqual({ allow: false, reason: "unknown_key" });
    expect(decideAdmission(relay, null, key(1))).toEqual({ allow: false, reason: "unknown_key" });
    expect(decideAdmission(null, keys, key(1))).toEqual({ allow: false, reason: "unknown_relay" });
    for (const status of ["pending", "expired", "released", "suspended", "over_quota"] as const) {
      expect(decideAdmission({ ...relay, status }, keys, key(1)), status).toEqual({ allow: false, reason: "rental_inactive" });
    }
    expect(decideAdmission({ ...relay, trafficUsedBytes: 100 }, keys, key(1))).toEqual({ allow: false, reason: "over_quota" });
    expect(decideAdmission({ ...relay, deviceLimit: 0 }, keys, key(1))).toEqual({ allow: false, reason: "over_device_limit" });
  });
});

describe("derper's request", () => {
  it("reads NodePublic (normalised) and Source, and nothing else", () => {
    expect(parseRequest(JSON.stringify({ NodePublic: key(1).toUpperCase().replace("NODEKEY", "nodekey"), Source: "1.2.3.4" }))).toEqual({
      nodeKey: key(1),
      source: "1.2.3.4",
    });
    expect(parseRequest(JSON.stringify({ NodePublic: key(1) }))).toEqual({ nodeKey: key(1), source: null });
    for (const bad of [null, "", "{", "[]", "null", '"x"', JSON.stringify({ NodePublic: "nodekey:12" }), JSON.stringify({ nodePublic: key(1) })]) {
      expect(parseRequest(bad), String(bad)).toBeNull();
    }
  });

  it("keeps the client's IP from Source with or without a port", () => {
    expect(sourceIp("192.0.2.1")).toBe("192.0.2.1");
    expect(sourceIp("192.0.2.1:41641")).toBe("192.0.2.1");
    expect(sourceIp("[2001:db8::1]:41641")).toBe("2001:db8::1");
    expect(sourceIp("2001:db8::1")).toBe("2001:db8::1");
    expect(sourceIp("example.com:80")).toBeNull();
    expect(sourceIp(null)).toBeNull();
  });
});
