import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * STUN (RFC 5389) messages as derper expects them. derper answers only a binding request that carries
 * SOFTWARE = "tailnode" and ends with a FINGERPRINT attribute; anything else is dropped without a word. Its
 * answer is a binding success with one XOR-MAPPED-ADDRESS.
 */

export const STUN_HEADER_LENGTH = 20;
export const MAGIC_COOKIE = 0x2112a442;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const BINDING_ERROR = 0x0111;
const ATTR_MAPPED_ADDRESS = 0x0001;
const ATTR_XOR_MAPPED_ADDRESS = 0x0020;
// Outside the RFC, but some servers send XOR-MAPPED-ADDRESS under this comprehension-optional number.
const ATTR_XOR_MAPPED_ADDRESS_ALT = 0x8020;
const ATTR_SOFTWARE = 0x8022;
const ATTR_FINGERPRINT = 0x8028;
const FINGERPRINT_XOR = 0x5354554e;
/** Eight bytes, so the attribute needs no padding. */
const SOFTWARE = "tailnode";

export type MappedAddress = { family: 4 | 6; address: string; port: number };

export type ParsedResponse =
  | { kind: "success"; mapped: MappedAddress }
  | { kind: "error"; message: string }
  /** Not a STUN answer to this transaction: ignore it and keep waiting. */
  | { kind: "ignore"; reason: string };

export function newTransactionId(): Buffer {
  return randomBytes(12);
}

/** A binding request in Tailscale's form: SOFTWARE "tailnode", then FINGERPRINT as the last attribute. */
export function bindingRequest(transactionId: Buffer): Buffer {
  if (transactionId.length !== 12) throw new Error("a STUN transaction id has 12 bytes");
  const software = Buffer.from(SOFTWARE, "ascii");
  const softwareAttr = 4 + software.length;
  const fingerprintAttr = 8;
  const message = Buffer.alloc(STUN_HEADER_LENGTH + softwareAttr + fingerprintAttr);
  message.writeUInt16BE(BINDING_REQUEST, 0);
  // The length counts every attribute, the fingerprint included: the fingerprint's CRC covers this header.
  message.writeUInt16BE(softwareAttr + fingerprintAttr, 2);
  message.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(message, 8);
  let at = STUN_HEADER_LENGTH;
  message.writeUInt16BE(ATTR_SOFTWARE, at);
  message.writeUInt16BE(software.length, at + 2);
  software.copy(message, at + 4);
  at += softwareAttr;
  message.writeUInt16BE(ATTR_FINGERPRINT, at);
  message.writeUInt16BE(4, at + 2);
  message.writeUInt32BE(fingerprint(message.subarray(0, at)), at + 4);
  return message;
}

/** CRC-32 of everything before the FINGERPRINT attribute, XOR 0x5354554e (RFC 5389 section 15.5). */
export function fingerprint(bytesBefore: Buffer): number {
  return (crc32(bytesBefore) ^ FINGERPRINT_XOR) >>> 0;
}

/** Reads an answer to the binding request with `transactionId`. Never throws on hostile input. */
export function parseBindingResponse(message: Buffer, transactionId: Buffer): ParsedResponse {
  if (message.length < STUN_HEADER_LENGTH || (message[0] & 0xc0) !== 0 || message.readUInt32BE(4) !== MAGIC_COOKIE) {
    return { kind: "ignore", reason: "not a STUN message" };
  }
  if (!message.subarray(8, 20).equals(transactionId)) return { kind: "ignore", reason: "another transaction" };
  const type = message.readUInt16BE(0);
  const bodyLength = message.readUInt16BE(2);
  if (bodyLength % 4 !== 0 || STUN_HEADER_LENGTH + bodyLength > message.length) {
    return { kind: "error", message: "malformed STUN answer (bad length)" };
  }
  const attributes = readAttributes(message.subarray(STUN_HEADER_LENGTH, STUN_HEADER_LENGTH + bodyLength));
  if (!attributes) return { kind: "error", message: "malformed STUN answer (bad attributes)" };

  if (type === BINDING_ERROR) return { kind: "error", message: `STUN binding error${errorCodeText(attributes)}` };
  if (type !== BINDING_SUCCESS) return { kind: "error", message: `unexpected STUN message type 0x${type.toString(16).padStart(4, "0")}` };

  // XOR-MAPPED-ADDRESS is canonical; plain MAPPED-ADDRESS only when a server sends nothing better.
  let fallback: MappedAddress | null = null;
  for (const { type: attrType, value } of attributes) {
    if (attrType === ATTR_XOR_MAPPED_ADDRESS || attrType === ATTR_XOR_MAPPED_ADDRESS_ALT) {
      const mapped = readAddress(value, transactionId);
      if (!mapped) return { kind: "error", message: "malformed XOR-MAPPED-ADDRESS" };
      return { kind: "success", mapped };
    }
    if (attrType === ATTR_MAPPED_ADDRESS) fallback = readAddress(value, null);
  }
  if (fallback) return { kind: "success", mapped: fallback };
  return { kind: "error", message: "STUN answer without a mapped address" };
}

/** "203.0.113.7:41641" or "[2001:db8::7]:41641". */
export function formatMappedAddress(mapped: MappedAddress): string {
  return mapped.family === 6 ? `[${mapped.address}]:${mapped.port}` : `${mapped.address}:${mapped.port}`;
}

type Attribute = { type: number; value: Buffer };

function readAttributes(body: Buffer): Attribute[] | null {
  const out: Attribute[] = [];
  let at = 0;
  while (at < body.length) {
    if (at + 4 > body.length) return null;
    const type = body.readUInt16BE(at);
    const length = body.readUInt16BE(at + 2);
    const padded = (length + 3) & ~3;
    if (at + 4 + padded > body.length) return null;
    out.push({ type, value: body.subarray(at + 4, at + 4 + length) });
    at += 4 + padded;
  }
  return out;
}

/** MAPPED-ADDRESS, or XOR-MAPPED-ADDRESS when a transaction id is given to undo the XOR with. */
function readAddress(value: Buffer, transactionId: Buffer | null): MappedAddress | null {
  if (value.length < 4) return null;
  const family = value[1] === 0x01 ? 4 : value[1] === 0x02 ? 6 : null;
  if (!family) return null;
  const size = family === 4 ? 4 : 16;
  if (value.length < 4 + size) return null;
  let port = value.readUInt16BE(2);
  const bytes = Buffer.from(value.subarray(4, 4 + size));
  if (transactionId) {
    port ^= MAGIC_COOKIE >>> 16;
    const mask = Buffer.alloc(16);
    mask.writeUInt32BE(MAGIC_COOKIE, 0);
    transactionId.copy(mask, 4);
    for (let i = 0; i < size; i++) bytes[i] ^= mask[i];
  }
  if (family === 6 && isV4Mapped(bytes)) {
    // A relay listening on [::] sees IPv4 clients as ::ffff:a.b.c.d and reports them so; Tailscale unmaps.
    return { family: 4, address: [...bytes.subarray(12)].join("."), port };
  }
  return { family, address: family === 4 ? [...bytes].join(".") : formatIPv6(bytes), port };
}

function isV4Mapped(bytes: Buffer): boolean {
  return bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

function errorCodeText(attributes: Attribute[]): string {
  const errorCode = attributes.find((a) => a.type === 0x0009);
  if (!errorCode || errorCode.value.length < 4) return "";
  const code = (errorCode.value[2] & 0x07) * 100 + errorCode.value[3];
  const reason = errorCode.value.subarray(4).toString("utf8").replace(/[^\x20-\x7e]/g, "");
  return ` ${code}${reason ? ` ${reason}` : ""}`;
}

/** RFC 5952 text: lower case, the longest run of two or more zero groups shortened to "::". */
function formatIPv6(bytes: Buffer): string {
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}
