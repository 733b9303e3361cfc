import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for Tailscale's API (api.tailscale.com), which tests cannot reach or hold an account on. It
 * answers only `GET /api/v2/tailnet/{tailnet}/devices` with a bearer token, in the documented shape (every
 * field of a device record in Tailscale's API docs, default field set), 401 for a wrong token and 404 for
 * another tailnet, like the real API. `devices` may be changed between calls to act out nodes being added,
 * deleted or re-keyed; `requests` records what arrived (to prove a token never went elsewhere).
 */
export interface FakeDevice {
  nodeId: string;
  name: string;
  nodeKey: string;
}

export interface FakeTailscale {
  baseUrl: string;
  devices: FakeDevice[];
  requests: { path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

let numericId = 90_000_000_000;

function documented(d: FakeDevice) {
  const host = d.name;
  return {
    addresses: ["100.101.102.103", "fd7a:115c:a1e0:ab12:4843:cd96:6265:6667"],
    id: String(numericId++),
    nodeId: d.nodeId,
    user: "alice@example.com",
    name: `${host}.tail1234.ts.net`,
    hostname: host,
    clientVersion: "1.86.2-t1234abcd-g5678efgh",
    updateAvailable: false,
    os: "linux",
    created: "2026-01-01T10:00:00Z",
    lastSeen: "2026-12-01T04:59:12Z",
    keyExpiryDisabled: false,
    expires: "2027-06-01T10:00:00Z",
    authorized: true,
    isExternal: false,
    machineKey: "mkey:0123456789abcdef",
    nodeKey: d.nodeKey,
    blocksIncomingConnections: false,
    tailnetLockKey: "tlpub:abc",
    tailnetLockError: "",
  };
}

export async function startFakeTailscale(opts: { token: string; tailnet: string; devices?: FakeDevice[] }): Promise<FakeTailscale> {
  const fake = { devices: opts.devices ?? [], requests: [] as FakeTailscale["requests"] };
  const server: Server = createServer((req, res) => {
    fake.requests.push({ path: req.url ?? "", authorization: req.headers.authorization });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${opts.token}`) return json(401, { message: "API token invalid" });
    if (req.method !== "GET" || req.url !== `/api/v2/tailnet/${encodeURIComponent(opts.tailnet)}/devices`) return json(404, { message: "not found" });
    json(200, { devices: fake.devices.map(documented) });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** A server answering every request with one fixed reply, for the bad answers a control server may give. */
export async function startFixedServer(reply: { status: number; headers?: Record<string, string>; body: string }): Promise<{ baseUrl: string; hits: number; close(): Promise<void> }> {
  const state = { hits: 0 };
  const server = createServer((_req, res) => {
    state.hits++;
    res.writeHead(reply.status, reply.headers ?? { "content-type": "application/json" });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, { baseUrl: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}
