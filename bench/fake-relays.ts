import dgram from "node:dgram";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { createRelayCertificate } from "@/lib/fleet/relay-cert";
import type { RelayEndpoint } from "@/lib/fleet/probe-cycle";

/**
 * Stand-in relays on loopback for the probe benchmark: per relay a TLS server with its own self-signed IP
 * certificate answering /derp/probe, and a UDP socket answering STUN binding requests the way derper does.
 */
export type FakeRelays = { endpoints: RelayEndpoint[]; close(): Promise<void> };

export async function startFakeRelays(count: number): Promise<FakeRelays> {
  const servers: https.Server[] = [];
  const sockets: dgram.Socket[] = [];
  const endpoints: RelayEndpoint[] = [];
  for (let i = 0; i < count; i++) {
    const cert = await createRelayCertificate("127.0.0.1");
    const server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
      res.writeHead(req.url === "/derp/probe" ? 200 : 404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    const socket = dgram.createSocket("udp4");
    socket.on("message", (msg, rinfo) => {
      if (msg.length < 20 || msg.readUInt16BE(0) !== 0x0001) return;
      socket.send(bindingSuccess(msg.subarray(8, 20), rinfo.address, rinfo.port), rinfo.port, rinfo.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    sockets.push(socket);
    endpoints.push({
      id: `relay-${i}`,
      host: "127.0.0.1",
      derpPort: (server.address() as AddressInfo).port,
      stunPort: (socket.address() as AddressInfo).port,
      certName: cert.certName,
    });
  }
  return {
    endpoints,
    async close() {
      for (const s of sockets) s.close();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise((resolve) => {
              s.closeAllConnections();
              s.close(resolve);
            }),
        ),
      );
    },
  };
}

function bindingSuccess(txId: Buffer, ip: string, port: number): Buffer {
  const msg = Buffer.alloc(32);
  msg.writeUInt16BE(0x0101, 0);
  msg.writeUInt16BE(12, 2);
  msg.writeUInt32BE(0x2112a442, 4);
  txId.copy(msg, 8);
  msg.writeUInt16BE(0x0020, 20);
  msg.writeUInt16BE(8, 22);
  msg[25] = 0x01;
  msg.writeUInt16BE(port ^ 0x2112, 26);
  const cookie = [0x21, 0x12, 0xa4, 0x42];
  ip.split(".").forEach((part, k) => (msg[28 + k] = Number(part) ^ cookie[k]));
  return msg;
}

/**
 * The same relays in a child process, so that the prober's figures (CPU, memory) are its own and the relays'
 * TLS work runs on the other core, as it would on real relay hosts.
 */
export async function startFakeRelaysProcess(count: number): Promise<FakeRelays> {
  const { fork } = await import("node:child_process");
  const child = fork(new URL(import.meta.url).pathname, ["--serve-fake-relays", String(count)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const endpoints = await new Promise<RelayEndpoint[]>((resolve, reject) => {
    child.once("message", (m) => resolve(m as RelayEndpoint[]));
    child.once("exit", (code) => reject(new Error(`the fake relay process exited (${code}) before it was ready`)));
  });
  return {
    endpoints,
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.send("close");
      }),
  };
}

if (process.argv[2] === "--serve-fake-relays" && process.send) {
  void startFakeRelays(Number(process.argv[3])).then((relays) => {
    process.send!(relays.endpoints);
    process.on("message", async (m) => {
      if (m !== "close") return;
      await relays.close();
      process.exit(0);
    });
  });
}
