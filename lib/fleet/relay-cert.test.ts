import { createHash, createPrivateKey, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DAY_MS } from "@/lib/clock";
import {
  certNameFromPem,
  createRelayCertificate,
  derperCertFileNames,
  needsRenewal,
  readRelayCertificate,
} from "./relay-cert";

const NOW = new Date("2026-03-01T12:00:00.000Z");

describe("createRelayCertificate", () => {
  it("makes a self-signed ECDSA P-256 leaf for the IP, readable by Node's own X.509 parser", async () => {
    const made = await createRelayCertificate("203.0.113.10", { now: NOW });
    const cert = new X509Certificate(made.certPem);

    expect(cert.subject).toBe("CN=203.0.113.10");
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.subjectAltName).toBe("IP Address:203.0.113.10");
    expect(cert.checkIP("203.0.113.10")).toBe("203.0.113.10");
    expect(cert.checkIP("203.0.113.11")).toBeUndefined();
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]); // serverAuth
    expect(cert.publicKey.asymmetricKeyType).toBe("ec");
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(cert.verify(cert.publicKey)).toBe(true);

    const key = createPrivateKey(made.keyPem);
    expect(made.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    expect(cert.checkPrivateKey(key)).toBe(true);
  });

  it("pins the SHA-256 of the leaf's DER bytes, in lower-case hex", async () => {
    const made = await createRelayCertificate("127.0.0.1", { now: NOW });
    const der = new X509Certificate(made.certPem).raw;
    expect(made.certName).toBe(`sha256-raw:${createHash("sha256").update(der).digest("hex")}`);
    expect(made.certName).toMatch(/^sha256-raw:[0-9a-f]{64}$/);
    expect(certNameFromPem(made.certPem)).toBe(made.certName);
    // Every certificate has its own key and serial, so its own pin.
    const other = await createRelayCertificate("127.0.0.1", { now: NOW });
    expect(other.certName).not.toBe(made.certName);
    expect(new X509Certificate(other.certPem).serialNumber).not.toBe(new X509Certificate(made.certPem).serialNumber);
  });

  it("is valid from an hour before now for a year by default, or for the days asked", async () => {
    const made = await createRelayCertificate("127.0.0.1", { now: NOW });
    const cert = new X509Certificate(made.certPem);
    expect(new Date(cert.validFrom).toISOString()).toBe("2026-03-01T11:00:00.000Z");
    expect(new Date(cert.validTo).toISOString()).toBe("2027-03-01T12:00:00.000Z");
    expect(made.notBefore.toISOString()).toBe("2026-03-01T11:00:00.000Z");
    expect(made.notAfter.toISOString()).toBe("2027-03-01T12:00:00.000Z");

    const short = await createRelayCertificate("127.0.0.1", { now: NOW, validityDays: 30 });
    expect(short.notAfter.getTime() - NOW.getTime()).toBe(30 * DAY_MS);
  });

  it("takes IPv6 addresses", async () => {
    const made = await createRelayCertificate("2001:db8::10", { now: NOW });
    const cert = new X509Certificate(made.certPem);
    expect(cert.subjectAltName).toBe("IP Address:2001:DB8:0:0:0:0:0:10");
    expect(readRelayCertificate(made.certPem).ipAddresses).toEqual(["2001:db8::10"]);
  });

  it("refuses names and out-of-range validity", async () => {
    await expect(createRelayCertificate("derp.example.com")).rejects.toThrow(/needs an IP address/);
    await expect(createRelayCertificate("127.0.0.1", { validityDays: 0 })).rejects.toThrow(/validityDays/);
    await expect(createRelayCertificate("127.0.0.1", { validityDays: 399 })).rejects.toThrow(/validityDays/);
    await expect(createRelayCertificate("127.0.0.1", { validityDays: 1.5 })).rejects.toThrow(/validityDays/);
  });
});

describe("reading certificates", () => {
  it("reports pin, dates and names", async () => {
    const made = await createRelayCertificate("198.51.100.7", { now: NOW });
    expect(readRelayCertificate(made.certPem)).toEqual({
      certName: made.certName,
      notBefore: made.notBefore,
      notAfter: made.notAfter,
      ipAddresses: ["198.51.100.7"],
      dnsNames: [],
    });
  });

  it("refuses a chain, garbage and an empty file with a clear message", async () => {
    const a = await createRelayCertificate("127.0.0.1", { now: NOW });
    const b = await createRelayCertificate("127.0.0.2", { now: NOW });
    expect(() => certNameFromPem(a.certPem + b.certPem)).toThrow(/leaf certificate alone, found 2/);
    expect(() => certNameFromPem("")).toThrow(/no PEM certificate/);
    expect(() => certNameFromPem("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n")).toThrow(
      /unreadable certificate/,
    );
  });
});

describe("needsRenewal", () => {
  it("turns true 30 days (or the days given) before the end, and stays true after it", async () => {
    const made = await createRelayCertificate("127.0.0.1", { now: NOW, validityDays: 90 });
    const end = made.notAfter.getTime();
    expect(needsRenewal(made.certPem, { now: NOW })).toBe(false);
    expect(needsRenewal(made.certPem, { now: new Date(end - 30 * DAY_MS - 1000) })).toBe(false);
    expect(needsRenewal(made.certPem, { now: new Date(end - 30 * DAY_MS) })).toBe(true);
    expect(needsRenewal(made.certPem, { now: new Date(end + DAY_MS) })).toBe(true);
    expect(needsRenewal(made.certPem, { now: new Date(end - 10 * DAY_MS), renewBeforeDays: 7 })).toBe(false);
    expect(needsRenewal(made.certPem, { now: new Date(end - 6 * DAY_MS), renewBeforeDays: 7 })).toBe(true);
  });
});

describe("derperCertFileNames", () => {
  it("strips what derper strips", () => {
    expect(derperCertFileNames("203.0.113.10")).toEqual({ crt: "203.0.113.10.crt", key: "203.0.113.10.key" });
    expect(derperCertFileNames("2001:db8::10")).toEqual({ crt: "2001db810.crt", key: "2001db810.key" });
    expect(derperCertFileNames("c42.derp.example.com")).toEqual({ crt: "c42.derp.example.com.crt", key: "c42.derp.example.com.key" });
    expect(() => derperCertFileNames("::")).toThrow(/no usable certificate file name/);
  });
});
