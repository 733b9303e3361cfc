import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * HOTP (RFC 4226) and TOTP (RFC 6238) with node:crypto: the few lines authenticator apps agree on, written
 * here because no OTP package is installed. Parameters are the ones every app supports by default: SHA-1,
 * 6 digits, 30-second steps from the Unix epoch; verification accepts the step before and after (clock drift).
 */
export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_WINDOW = 1;
/** 160 bits, the size RFC 4226 recommends (and the HMAC-SHA-1 block the apps expect). */
export const TOTP_SECRET_BYTES = 20;

export type OtpAlgorithm = "sha1" | "sha256" | "sha512";

/** The HOTP value of `counter`: dynamic truncation of HMAC(secret, counter), `digits` long with leading zeros. */
export function hotp(secret: Buffer, counter: number, digits = TOTP_DIGITS, algorithm: OtpAlgorithm = "sha1"): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return (binary % 10 ** digits).toString().padStart(digits, "0");
}

/** The time step of a moment: whole 30-second periods since the Unix epoch. */
export function totpStep(at: Date, stepSeconds = TOTP_STEP_SECONDS): number {
  return Math.floor(at.getTime() / 1000 / stepSeconds);
}

export function totp(secret: Buffer, at: Date, opts: { digits?: number; algorithm?: OtpAlgorithm } = {}): string {
  return hotp(secret, totpStep(at), opts.digits, opts.algorithm);
}

/**
 * The time step whose code `code` is, within ±TOTP_WINDOW steps of `at`, or null. Every candidate is compared
 * (in constant time), so the answer's timing does not tell which step matched.
 */
export function verifyTotp(secret: Buffer, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = totpStep(at);
  let matched: number | null = null;
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step++) {
    if (timingSafeEqual(Buffer.from(hotp(secret, step)), Buffer.from(code)) && matched === null) matched = step;
  }
  return matched;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 without padding: how otpauth:// URIs and apps' "enter a key" fields carry the secret. */
export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, "");
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const v = BASE32.indexOf(ch);
    if (v < 0) throw new Error("not base32");
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The otpauth:// URI authenticator apps read (Key Uri Format): `issuer:account`, the secret and the parameters. */
export function otpauthUri(secret: Buffer, account: string, issuer: string): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  // Spaces as %20, not "+": not every app reads form encoding.
  const params = [
    ["secret", base32Encode(secret)],
    ["issuer", issuer],
    ["algorithm", "SHA1"],
    ["digits", String(TOTP_DIGITS)],
    ["period", String(TOTP_STEP_SECONDS)],
  ].map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return `otpauth://totp/${label}?${params.join("&")}`;
}
