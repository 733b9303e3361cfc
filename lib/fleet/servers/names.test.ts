import { describe, expect, it } from "vitest";
import { isDerpDomain, isHostName, isHostOrIp, normaliseDerpDomain } from "./host-name";
import { normaliseHostKeySha256 } from "./ssh-host-key";

describe("host names and DERP domains", () => {
  it("takes DNS names and IPs as hosts, nothing else", () => {
    for (const ok of ["docker.example.net", "relay-1", "127.0.0.1", "2001:db8::1", "a.b.c.d.example"]) expect(isHostOrIp(ok), ok).toBe(true);
    for (const bad of ["", "not a host", "-lead.example", "trail-.example", "a..b", "x".repeat(64) + ".example", "1.2.3", "host_name.example"]) {
      expect(isHostOrIp(bad), bad).toBe(false);
    }
    expect(isHostName("999.1.1.1")).toBe(false);
  });

  it("reads a DERP domain as typed: lower case, no trailing dot, a pasted wildcard dropped; two labels at least", () => {
    expect(normaliseDerpDomain(" *.DERP.Example.com. ")).toBe("derp.example.com");
    expect(isDerpDomain("derp.example.com")).toBe(true);
    expect(isDerpDomain("localhost")).toBe(false);
    expect(isDerpDomain("*.derp.example.com")).toBe(false);
  });
});

describe("pinned SSH host keys", () => {
  const b64 = "tNRNmSGPu9S7cBtH1NCT7/aPL0Tz78i6IlnPXykI7Ew";
  const hex = Buffer.from(`${b64}=`, "base64").toString("hex");

  it("keeps ssh-keygen's form and converts the same digest in hex", () => {
    expect(normaliseHostKeySha256(`SHA256:${b64}`)).toBe(`SHA256:${b64}`);
    expect(normaliseHostKeySha256(`sha256:${b64}=`)).toBe(`SHA256:${b64}`);
    expect(normaliseHostKeySha256(b64)).toBe(`SHA256:${b64}`);
    expect(normaliseHostKeySha256(hex)).toBe(`SHA256:${b64}`);
    expect(normaliseHostKeySha256(hex.toUpperCase().match(/../g)!.join(":"))).toBe(`SHA256:${b64}`);
  });

  it("refuses anything else", () => {
    for (const bad of ["", "MD5:aa:bb:cc", `SHA256:${b64.slice(1)}`, hex.slice(2), "SHA256:" + "!".repeat(43)]) {
      expect(normaliseHostKeySha256(bad), bad).toBeNull();
    }
  });
});
