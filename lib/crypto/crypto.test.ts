import { describe, expect, it } from "vitest";
import { lookupHasher, sameHash } from "./lookup-hash";
import { randomToken } from "./random-token";
import { sealer } from "./seal";

describe("lib/crypto", () => {
  it("opens what it sealed, only with the same purpose and associated data", () => {
    const box = sealer("test secret v1");
    const blob = box.seal("hunter2", "server-1");
    expect(blob.includes(Buffer.from("hunter2"))).toBe(false);
    expect(box.open(blob, "server-1").toString()).toBe("hunter2");
    expect(() => box.open(blob, "server-2")).toThrow();
    expect(() => sealer("another purpose v1").open(blob, "server-1")).toThrow();
    const tampered = Buffer.from(blob);
    tampered[14] ^= 1;
    expect(() => box.open(tampered, "server-1")).toThrow();
    expect(() => box.open(blob.subarray(0, 20), "server-1")).toThrow(/truncated/);
  });

  it("seals the same text differently each time", () => {
    const box = sealer("test secret v1");
    expect(box.seal("x", "a").equals(box.seal("x", "a"))).toBe(false);
  });

  it("keys lookup hashes by purpose", () => {
    const a = lookupHasher("purpose a");
    const b = lookupHasher("purpose b");
    expect(sameHash(a("code"), a("code"))).toBe(true);
    expect(sameHash(a("code"), b("code"))).toBe(false);
    expect(sameHash(a("code"), a("code").subarray(1))).toBe(false);
  });

  it("makes tokens of at least 128 bits and refuses shorter ones", () => {
    const token = randomToken("dml_");
    expect(token).toMatch(/^dml_[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(randomToken());
    expect(() => randomToken("", 8)).toThrow();
  });
});
