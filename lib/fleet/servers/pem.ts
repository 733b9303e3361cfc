import { createPrivateKey, X509Certificate as NodeX509Certificate, type KeyObject } from "node:crypto";
import { DAY_MS, now } from "@/lib/clock";
import * as x509 from "../x509";

/**
 * Reading what operators paste: certificates (one, or a chain with the leaf first) and private keys. Every
 * function answers with a problem code (an error code of messages/<locale>/errors.json) instead of throwing,
 * so that the caller can name the field and go on checking the others.
 */

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export interface ParsedCertificate {
  cert: x509.X509Certificate;
  der: Uint8Array;
}

export interface CertificateSummary {
  subject: string;
  issuer: string;
  dnsNames: string[];
  ipAddresses: string[];
  notBefore: string;
  notAfter: string;
}

/** Every certificate in a PEM text, leaf first; `certificate_invalid` when there is none or one is unreadable. */
export function parseCertificates(pem: string): ParsedCertificate[] | "certificate_invalid" {
  const blocks = pem.match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) return "certificate_invalid";
  try {
    return blocks.map((block) => {
      const cert = new x509.X509Certificate(block);
      return { cert, der: new Uint8Array(cert.rawData) };
    });
  } catch {
    return "certificate_invalid";
  }
}

/** A private key in PEM (PKCS#8, PKCS#1 or SEC1); an encrypted key cannot be used and is refused too. */
export function parsePrivateKey(pem: string): KeyObject | "private_key_invalid" {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem) || /ENCRYPTED/.test(pem)) return "private_key_invalid";
  try {
    return createPrivateKey({ key: pem, format: "pem" });
  } catch {
    return "private_key_invalid";
  }
}

export function keyMatchesCertificate(key: KeyObject, certificate: ParsedCertificate): boolean {
  try {
    return new NodeX509Certificate(Buffer.from(certificate.der)).checkPrivateKey(key);
  } catch {
    return false;
  }
}

/** Past its end, or not valid for another day: a relay would fail its first handshake. */
export function isExpired(certificate: ParsedCertificate, at = now()): boolean {
  return certificate.cert.notAfter.getTime() < at.getTime() + DAY_MS;
}

export function summarizeCertificate(certificate: ParsedCertificate): CertificateSummary {
  const names = certificate.cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.items ?? [];
  return {
    subject: certificate.cert.subject,
    issuer: certificate.cert.issuer,
    dnsNames: names.filter((n) => n.type === "dns").map((n) => n.value),
    ipAddresses: names.filter((n) => n.type === "ip").map((n) => n.value),
    notBefore: certificate.cert.notBefore.toISOString(),
    notAfter: certificate.cert.notAfter.toISOString(),
  };
}

/** The summary of the first certificate of a stored PEM, or null when it no longer reads (never throws). */
export function summarizePem(pem: string | null): CertificateSummary | null {
  if (!pem) return null;
  const parsed = parseCertificates(pem);
  return typeof parsed === "string" ? null : summarizeCertificate(parsed[0]);
}
