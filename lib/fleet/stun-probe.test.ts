import dgram from "node:dgram";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { bindingRequest, formatMappedAddress, parseBindingResponse } from "./stun-message";
import { probeStun } from "./stun-probe";

// The checks derper makes, written out independently of stun-message.ts: a bitwise CRC-32 instead of zlib's.
function crc32Bitwise(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function looksLikeTailscale(msg: Buffer): boolean {
  if (msg.length < 20 || msg.readUInt16BE(0) !== 0x0001 || msg.readUInt32BE(4) !== 0x2112a442) return false;
  let at = 20;
  let software = false;
  let lastType = -1;
  let lastStart = -1;
  while (at + 4 <= msg.length) {
    const type = msg.readUInt16BE(at);
    const length = msg.readUInt16BE(at + 2);
    if (type === 0x8022 && msg.subarray(at + 4, at + 4 + length).toString() === "tailnode") software = true;
    lastType = type;
    lastStart = at;
    at += 4 + ((length + 3) & ~3);
  }
  if (!software || lastType !== 0x8028) return false;
  return msg.readUInt32BE(lastStart + 4) === ((crc32Bitwise(msg.subarray(0, lastStart)) ^ 0x5354554e) >>> 0);
}

/** A binding success for `txId` naming `ip:port` in one XOR-MAPPED-ADDRESS (IPv4). */
function successFor(txId: Buffer, ip: string, port: number, attrType = 0x0020): Buffer {
  const msg = Buffer.alloc(32);
  msg.writeUInt16BE(0x0101, 0);
  msg.writeUInt16BE(12, 2);
  msg.writeUInt32BE(0x2112a442, 4);
  txId.copy(msg, 8);
  msg.writeUInt16BE(attrType, 20);
  msg.writeUInt16BE(8, 22);
  msg[25] = 0x01;
  msg.writeUInt16BE(port ^ 0x2112, 26);
  const cookie = [0x21, 0x12, 0xa4, 0x42];
  ip.split(".").forEach((part, i) => (msg[28 + i] = Number(part) ^ cookie[i]));
  return msg;
}

type Behaviour = {
  /** Requests to drop before answering. */
  drop?: number;
  delayMs?: number;
  answer?: (txId: Buffer, ip: string, port: number) => Buffer;
};

const sockets: dgram.Socket[] = [];
const closed = new WeakSet<dgram.Socket>();

async function fakeRelay(behaviour: Behaviour = {}) {
  const socket = dgram.createSocket("udp4");
  sockets.push(socket);
  const seen: Buffer[] = [];
  socket.on("message", (msg, rinfo) => {
    seen.push(msg);
    if (!looksLikeTailscale(msg)) return;
    if (seen.length <= (behaviour.drop ?? 0)) return;
    const txId = msg.subarray(8, 20);
    const reply = (behaviour.answer ?? successFor)(Buffer.from(txId), rinfo.address, rinfo.port);
    setTimeout(() => {
      // The test may have finished (and closed the socket) before a delayed answer goes out.
      if (!closed.has(socket)) socket.send(reply, rinfo.port, rinfo.address);
    }, behaviour.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return { port: (socket.address() as AddressInfo).port, seen };
}

afterEach(() => {
  for (const s of sockets.splice(0)) {
    closed.add(s);
    s.close();
  }
});

describe("binding request", () => {
  it("is what derper accepts: 40 bytes, SOFTWARE tailnode, FINGERPRINT last and correct", () => {
    const txId = Buffer.from("000102030405060708090a0b", "hex");
    const msg = bindingRequest(txId);
    expect(msg.length).toBe(40);
    expect(msg.subarray(0, 20).toString("hex")).toBe("000100142112a442000102030405060708090a0b");
    expect(msg.subarray(20, 32).toString("hex")).toBe("80220008" + Buffer.from("tailnode").toString("hex"));
    expect(msg.readUInt16BE(32)).toBe(0x8028);
    expect(looksLikeTailscale(msg)).toBe(true);
    // A flipped bit anywhere breaks the fingerprint.
    const broken = Buffer.from(msg);
    broken[25] ^= 1;
    expect(looksLikeTailscale(broken)).toBe(false);
  });
});

describe("parseBindingResponse", () => {
  const txId = Buffer.from("aabbccddeeff001122334455", "hex");

  it("reads XOR-MAPPED-ADDRESS for IPv4, and the 0x8020 variant", () => {
    for (const type of [0x0020, 0x8020]) {
      const parsed = parseBindingResponse(successFor(txId, "203.0.113.7", 41641, type), txId);
      expect(parsed).toEqual({ kind: "success", mapped: { family: 4, address: "203.0.113.7", port: 41641 } });
    }
  });

  function ipv6Answer(ipHex: string, port: number): Buffer {
    const msg = Buffer.alloc(20 + 4 + 20);
    msg.writeUInt16BE(0x0101, 0);
    msg.writeUInt16BE(24, 2);
    msg.writeUInt32BE(0x2112a442, 4);
    txId.copy(msg, 8);
    msg.writeUInt16BE(0x0020, 20);
    msg.writeUInt16BE(20, 22);
    msg[25] = 0x02;
    msg.writeUInt16BE(port ^ 0x2112, 26);
    const ip = Buffer.from(ipHex, "hex");
    const mask = Buffer.concat([Buffer.from("2112a442", "hex"), txId]);
    for (let i = 0; i < 16; i++) msg[28 + i] = ip[i] ^ mask[i];
    return msg;
  }

  it("unmaps an IPv4-mapped IPv6 address, as derper listening on [::] reports IPv4 clients", () => {
    expect(parseBindingResponse(ipv6Answer("00000000000000000000ffffac110001", 42727), txId)).toEqual({
      kind: "success",
      mapped: { family: 4, address: "172.17.0.1", port: 42727 },
    });
    expect(parseBindingResponse(ipv6Answer("fe800000000000000000000000000001", 1), txId)).toMatchObject({
      mapped: { family: 6, address: "fe80::1" },
    });
    expect(parseBindingResponse(ipv6Answer("20010db8000100000000000100000001", 1), txId)).toMatchObject({
      mapped: { address: "2001:db8:1::1:0:1" },
    });
  });

  it("reads XOR-MAPPED-ADDRESS for IPv6", () => {
    const msg = Buffer.alloc(20 + 4 + 20);
    msg.writeUInt16BE(0x0101, 0);
    msg.writeUInt16BE(24, 2);
    msg.writeUInt32BE(0x2112a442, 4);
    txId.copy(msg, 8);
    msg.writeUInt16BE(0x0020, 20);
    msg.writeUInt16BE(20, 22);
    msg[25] = 0x02;
    msg.writeUInt16BE(3478 ^ 0x2112, 26);
    const ip = Buffer.from("20010db8000000000000000000000007", "hex");
    const mask = Buffer.concat([Buffer.from("2112a442", "hex"), txId]);
    for (let i = 0; i < 16; i++) msg[28 + i] = ip[i] ^ mask[i];
    const parsed = parseBindingResponse(msg, txId);
    expect(parsed).toEqual({ kind: "success", mapped: { family: 6, address: "2001:db8::7", port: 3478 } });
    if (parsed.kind === "success") expect(formatMappedAddress(parsed.mapped)).toBe("[2001:db8::7]:3478");
  });

  it("falls back to MAPPED-ADDRESS, which is not XORed", () => {
    const msg = Buffer.alloc(32);
    msg.writeUInt16BE(0x0101, 0);
    msg.writeUInt16BE(12, 2);
    msg.writeUInt32BE(0x2112a442, 4);
    txId.copy(msg, 8);
    msg.writeUInt16BE(0x0001, 20);
    msg.writeUInt16BE(8, 22);
    msg[25] = 0x01;
    msg.writeUInt16BE(5000, 26);
    Buffer.from([192, 0, 2, 1]).copy(msg, 28);
    expect(parseBindingResponse(msg, txId)).toEqual({ kind: "success", mapped: { family: 4, address: "192.0.2.1", port: 5000 } });
  });

  it("ignores other transactions and non-STUN data, and reports errors and malformed answers", () => {
    const other = Buffer.from("ffffffffffffffffffffffff", "hex");
    expect(parseBindingResponse(successFor(other, "1.2.3.4", 1), txId)).toMatchObject({ kind: "ignore" });
    expect(parseBindingResponse(Buffer.from("hello, this is not stun at all"), txId)).toMatchObject({ kind: "ignore" });

    // ERROR-CODE: 2 reserved bytes, class 4, number 0, then the reason (11 bytes, padded to 12).
    const errorAnswer = Buffer.alloc(20 + 4 + 16);
    errorAnswer.writeUInt16BE(0x0111, 0);
    errorAnswer.writeUInt16BE(20, 2);
    errorAnswer.writeUInt32BE(0x2112a442, 4);
    txId.copy(errorAnswer, 8);
    errorAnswer.writeUInt16BE(0x0009, 20);
    errorAnswer.writeUInt16BE(15, 22);
    errorAnswer[26] = 4;
    errorAnswer[27] = 0;
    errorAnswer.write("Bad Request", 28);
    expect(parseBindingResponse(errorAnswer, txId)).toEqual({ kind: "error", message: "STUN binding error 400 Bad Request" });

    const truncated = successFor(txId, "1.2.3.4", 1).subarray(0, 30);
    expect(parseBindingResponse(truncated, txId)).toEqual({ kind: "error", message: "malformed STUN answer (bad length)" });

    const noAddress = Buffer.alloc(20);
    noAddress.writeUInt16BE(0x0101, 0);
    noAddress.writeUInt32BE(0x2112a442, 4);
    txId.copy(noAddress, 8);
    expect(parseBindingResponse(noAddress, txId)).toEqual({ kind: "error", message: "STUN answer without a mapped address" });
  });
});

describe("probeStun", () => {
  it("times the round trip and reports the address the relay saw", async () => {
    const relay = await fakeRelay();
    const result = await probeStun("127.0.0.1", relay.port, { timeoutMs: 500 });
    expect(result.ok).toBe(true);
    expect(result.error).toBeNull();
    expect(result.attempts).toBe(1);
    expect(result.rttMs).toBeGreaterThanOrEqual(0);
    expect(result.rttMs).toBeLessThan(500);
    expect(result.mappedAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(relay.seen).toHaveLength(1);
  });

  it("retries lost requests with fresh transaction ids", async () => {
    const relay = await fakeRelay({ drop: 2 });
    const result = await probeStun("127.0.0.1", relay.port, { timeoutMs: 100, attempts: 3 });
    expect(result).toMatchObject({ ok: true, attempts: 3, error: null });
    const ids = new Set(relay.seen.map((m) => m.subarray(8, 20).toString("hex")));
    expect(ids.size).toBe(3);
  });

  it("counts a late answer to an earlier request, timed from that request", async () => {
    const relay = await fakeRelay({ delayMs: 150 });
    const result = await probeStun("127.0.0.1", relay.port, { timeoutMs: 100, attempts: 3 });
    expect(result.ok).toBe(true);
    // The answer to the first request arrives after the second went out (a slow machine may send a third).
    expect(result.attempts).toBeGreaterThanOrEqual(2);
    expect(result.rttMs).toBeGreaterThanOrEqual(140);
  });

  it("gives up after the attempts when nobody answers", async () => {
    const relay = await fakeRelay({ drop: 100 });
    const started = performance.now();
    const result = await probeStun("127.0.0.1", relay.port, { timeoutMs: 80, attempts: 3 });
    const took = performance.now() - started;
    expect(result).toMatchObject({ ok: false, rttMs: null, mappedAddress: null, attempts: 3 });
    expect(result.error).toBe(`no STUN answer from 127.0.0.1:${relay.port} after 3 request(s), 80 ms each`);
    expect(took).toBeGreaterThanOrEqual(230);
    expect(took).toBeLessThan(1_000);
  });

  it("does not accept answers for transactions it did not send", async () => {
    const relay = await fakeRelay({ answer: (_tx, ip, port) => successFor(Buffer.alloc(12, 7), ip, port) });
    const result = await probeStun("127.0.0.1", relay.port, { timeoutMs: 60, attempts: 2 });
    expect(result).toMatchObject({ ok: false, attempts: 2 });
    expect(relay.seen).toHaveLength(2);
  });

  it("reports a binding error answer as a failure", async () => {
    const relay = await fakeRelay({
      answer: (txId) => {
        const msg = Buffer.alloc(20);
        msg.writeUInt16BE(0x0111, 0);
        msg.writeUInt32BE(0x2112a442, 4);
        txId.copy(msg, 8);
        return msg;
      },
    });
    const result = await probeStun("127.0.0.1", relay.port, { timeoutMs: 200 });
    expect(result).toMatchObject({ ok: false, attempts: 1, error: `STUN binding error from 127.0.0.1:${relay.port}` });
  });

  it("fails fast on a closed port and refuses bad input", async () => {
    const relay = await fakeRelay();
    const closedPort = relay.port;
    const socket = sockets.pop()!;
    closed.add(socket);
    socket.close();
    const started = performance.now();
    const result = await probeStun("127.0.0.1", closedPort, { timeoutMs: 2_000, attempts: 3 });
    expect(result.ok).toBe(false);
    expect(result.error).toContain("port unreachable");
    expect(performance.now() - started).toBeLessThan(1_000);

    expect(await probeStun("127.0.0.1", 0)).toMatchObject({ ok: false, attempts: 0, error: "invalid STUN port 0" });
    expect(await probeStun("name.invalid", 3478, { timeoutMs: 2_000 })).toMatchObject({ ok: false, attempts: 0 });
  });

  it("stops when aborted", async () => {
    const relay = await fakeRelay({ drop: 100 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await probeStun("127.0.0.1", relay.port, { timeoutMs: 1_000, signal: controller.signal });
    expect(result).toMatchObject({ ok: false, error: "aborted", attempts: 1 });
  });
});
