import { createHash, randomBytes, webcrypto } from "node:crypto";
import { isIP } from "node:net";
import * as x509 from "./x509";
import { DAY_MS, now as clockNow } from "@/lib/clock";

/**
 * Certificates for IP-only relays. The platform makes each one itself (rather than letting derper generate one
 * on first start) so that it knows the relay's CertName pin before the relay runs, can store the pair, and can
 * rotate it. Shape as derper's own self-signed IP certificate: ECDSA P-256, the IP as SAN and CN, serverAuth,
 * leaf only (a client pinning a CertName refuses a chain).
 */

export type RelayCertificate = {
  /** PEM of the leaf alone: what derper serves from `<certdir>/<ip>.crt`. */
  certPem: string;
  /** PKCS#8 PEM (`PRIVATE KEY`), which derper's tls.LoadX509KeyPair reads; goes to `<certdir>/<ip>.key`. */
  keyPem: string;
  /** `sha256-raw:<hex>` for the DERP map node's CertName. */
  certName: string;
  notBefore: Date;
  notAfter: Date;
};

export type RelayCertificateInfo = {
  certName: string;
  notBefore: Date;
  notAfter: Date;
  ipAddresses: string[];
  dnsNames: string[];
};

/** derper's choice (one year); Apple clients refuse server certificates valid for more than 398 days. */
export const DEFAULT_VALIDITY_DAYS = 365;
export const MAX_VALIDITY_DAYS = 398;
/** Renew a month ahead: a renewal restarts the relay and publishes a new DERP map, which should not be rushed. */
export const DEFAULT_RENEW_BEFORE_DAYS = 30;
/** Valid from a little before now, so a client whose clock runs slightly behind accepts a fresh certificate. */
const BACKDATE_MS = 60 * 60 * 1000;

const CERT_NAME_PREFIX = "sha256-raw:";
const P256_SHA256 = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
// @peculiar/x509 is typed against the DOM's Crypto; Node's webcrypto is the same API.
const crypto = webcrypto as unknown as Crypto;

export async function createRelayCertificate(
  ip: string,
  options: { validityDays?: number; now?: Date } = {},
): Promise<RelayCertificate> {
  if (isIP(ip) === 0) throw new Error(`a relay certificate needs an IP address, got ${JSON.stringify(ip)}`);
  const validityDays = options.validityDays ?? DEFAULT_VALIDITY_DAYS;
  if (!Number.isInteger(validityDays) || validityDays < 1 || validityDays > MAX_VALIDITY_DAYS) {
    throw new Error(`validityDays must be an integer from 1 to ${MAX_VALIDITY_DAYS}, got ${validityDays}`);
  }
  const at = options.now ?? clockNow();
  // X.509 stores whole seconds; rounding here makes the returned dates equal the certificate's own.
  const notBefore = new Date(Math.floor((at.getTime() - BACKDATE_MS) / 1000) * 1000);
  const notAfter = new Date(Math.floor((at.getTime() + validityDays * DAY_MS) / 1000) * 1000);

  const keys = (await crypto.subtle.generateKey(P256_SHA256, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: positiveSerial(),
      name: [{ CN: [ip] }],
      notBefore,
      notAfter,
      signingAlgorithm: P256_SHA256,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([{ type: "ip", value: ip }]),
      ],
    },
    crypto,
  );
  const pkcs8 = await crypto.subtle.exportKey("pkcs8", keys.privateKey);
  return {
    certPem: withNewline(cert.toString("pem")),
    keyPem: withNewline(x509.PemConverter.encode(pkcs8, "PRIVATE KEY")),
    certName: certNameFromDer(new Uint8Array(cert.rawData)),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  };
}

/** The CertName pin of a certificate: SHA-256 over its DER bytes, as derper prints it. */
export function certNameFromDer(der: Uint8Array): string {
  return CERT_NAME_PREFIX + createHash("sha256").update(der).digest("hex");
}

/** The CertName of a PEM file holding exactly one certificate (a chain is refused: clients would refuse it). */
export function certNameFromPem(pem: string): string {
  return certNameFromDer(new Uint8Array(parseLeaf(pem).rawData));
}

export function readRelayCertificate(pem: string): RelayCertificateInfo {
  const cert = parseLeaf(pem);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const names = san?.names.items ?? [];
  return {
    certName: certNameFromDer(new Uint8Array(cert.rawData)),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    ipAddresses: names.filter((n) => n.type === "ip").map((n) => n.value),
    dnsNames: names.filter((n) => n.type === "dns").map((n) => n.value),
  };
}

/** True once the certificate is within `renewBeforeDays` of its end (or past it). */
export function needsRenewal(pem: string, options: { now?: Date; renewBeforeDays?: number } = {}): boolean {
  const at = options.now ?? clockNow();
  const renewBeforeDays = options.renewBeforeDays ?? DEFAULT_RENEW_BEFORE_DAYS;
  const { notAfter } = readRelayCertificate(pem);
  return at.getTime() >= notAfter.getTime() - renewBeforeDays * DAY_MS;
}

/**
 * The file names derper's manual cert mode reads for a hostname: `<name>.crt` and `<name>.key`, where name is the
 * hostname with every character outside [a-zA-Z0-9-.] removed (so an IPv6 address loses its colons).
 */
export function derperCertFileNames(hostname: string): { crt: string; key: string } {
  const base = hostname.replace(/[^a-zA-Z0-9.-]/g, "");
  if (base === "" || base === "." || base === "..") throw new Error(`no usable certificate file name for ${JSON.stringify(hostname)}`);
  return { crt: `${base}.crt`, key: `${base}.key` };
}

function parseLeaf(pem: string): x509.X509Certificate {
  const blocks: string[] = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error("no PEM certificate found");
  if (blocks.length > 1) {
    throw new Error(`expected the leaf certificate alone, found ${blocks.length} certificates (clients pinning a CertName refuse a chain)`);
  }
  try {
    return new x509.X509Certificate(blocks[0]);
  } catch (error) {
    throw new Error(`unreadable certificate: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** 16 random bytes with the top bit clear: a positive INTEGER without a leading zero byte. */
function positiveSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString("hex");
}

function withNewline(s: string): string {
  return s.endsWith("\n") ? s : `${s}\n`;
}
