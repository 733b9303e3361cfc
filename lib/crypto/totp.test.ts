import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, hotp, otpauthUri, totp, totpStep, verifyTotp } from "./totp";

// RFC 6238 appendix B: the seeds are ASCII "1234567890" repeated to the hash's size; 8-digit codes.
const SEED_SHA1 = Buffer.from("12345678901234567890");
const SEED_SHA256 = Buffer.from("12345678901234567890123456789012");
const SEED_SHA512 = Buffer.from("1234567890123456789012345678901234567890123456789012345678901234");

const RFC6238: [number, string, string, string][] = [
  [59, "94287082", "46119246", "90693936"],
  [1111111109, "07081804", "68084774", "25091201"],
  [1111111111, "14050471", "67062674", "99943326"],
  [1234567890, "89005924", "91819424", "93441116"],
  [2000000000, "69279037", "90698825", "38618901"],
  [20000000000, "65353130", "77737706", "47863826"],
];

describe("TOTP (RFC 6238) and HOTP (RFC 4226)", () => {
  it("computes the RFC 6238 test vectors for SHA-1, SHA-256 and SHA-512", () => {
    for (const [seconds, sha1, sha256, sha512] of RFC6238) {
      const at = new Date(seconds * 1000);
      expect(totp(SEED_SHA1, at, { digits: 8 }), `SHA-1 at ${seconds}`).toBe(sha1);
      expect(totp(SEED_SHA256, at, { digits: 8, algorithm: "sha256" }), `SHA-256 at ${seconds}`).toBe(sha256);
      expect(totp(SEED_SHA512, at, { digits: 8, algorithm: "sha512" }), `SHA-512 at ${seconds}`).toBe(sha512);
    }
  });

  it("computes the RFC 4226 HOTP values (6 digits, counters 0-9)", () => {
    const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
    expect(expected.map((_, counter) => hotp(SEED_SHA1, counter))).toEqual(expected);
  });

  it("accepts the code of the step before, the current one and the one after, and nothing further", () => {
    const at = new Date(1_700_000_000_000);
    const step = totpStep(at);
    for (const offset of [-1, 0, 1]) expect(verifyTotp(SEED_SHA1, hotp(SEED_SHA1, step + offset), at)).toBe(step + offset);
    for (const offset of [-3, -2, 2, 3]) expect(verifyTotp(SEED_SHA1, hotp(SEED_SHA1, step + offset), at)).toBeNull();
    expect(verifyTotp(SEED_SHA1, "12345", at)).toBeNull();
    expect(verifyTotp(SEED_SHA1, "abcdef", at)).toBeNull();
  });

  it("writes secrets in RFC 4648 base32 and reads them back", () => {
    expect(base32Encode(Buffer.from("foobar"))).toBe("MZXW6YTBOI");
    expect(base32Encode(SEED_SHA1)).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(base32Decode("gezd gnbv-gy3tqojqgezdgnbvgy3tqojq").equals(SEED_SHA1)).toBe(true);
    expect(() => base32Decode("not base32!")).toThrow();
  });

  it("makes the otpauth URI apps scan", () => {
    const uri = otpauthUri(SEED_SHA1, "admin@example.com", "DERP Management");
    expect(uri).toBe(
      "otpauth://totp/DERP%20Management%3Aadmin%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=DERP%20Management&algorithm=SHA1&digits=6&period=30",
    );
  });
});
