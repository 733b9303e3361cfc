import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Docker from "dockerode";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { addLocalEngineServer } from "./local-engine-server";
import { adminPage, verifiedCustomer } from "./session";
import { byteSink, Headscale, Node, Processes, run, sendThroughSocks, tailnetTools } from "./tailnet-processes";
import { freePort } from "../tests/helpers/free-port";
import { removeRelayContainersOf } from "../tests/helpers/relay-containers";

// Issue 12: the product does its job with the real programs. A customer's rented relay (the real derper image on
// the local Docker engine, IP-only with a CertName pin, fail-open off, admission through this app) carries the
// traffic of two tailscaled nodes that a real headscale tells to use the customer's DERP map. Everything listens
// on 127.0.0.1 or the Docker bridge; the app's admission endpoint is reached from the container at the bridge
// gateway (RELAY_ADMISSION_BASE_URL in playwright.config.ts).

const docker = new Docker({ socketPath: "/var/run/docker.sock" });
const MB = 1024 * 1024;
let serverId: string | undefined;
let procs: Processes | undefined;
/** Ends the rental, releases its relay and deletes the server through the app, so nothing re-creates them. */
let appCleanup: (() => Promise<void>) | undefined;

test.afterAll(async () => {
  // The folder with headscale's and the nodes' logs is kept when the test failed (its path is printed).
  const failed = test.info().status !== test.info().expectedStatus;
  if (failed && procs) console.log(`[tailnet] logs kept in ${procs.dir}`);
  await procs?.stopAll(failed);
  if (appCleanup) await appCleanup().catch((e: unknown) => console.warn("[tailnet] cleanup through the app failed:", e));
  if (!serverId) return;
  await removeRelayContainersOf(docker, [serverId]);
});

async function api<T>(request: APIRequestContext, method: string, url: string, status: number, data?: unknown): Promise<T> {
  const res = await request.fetch(url, { method, data });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBe(status);
  if (status === 204) return undefined as T;
  const body = await res.json();
  return ("data" in body ? body.data : body) as T;
}

type Relay = { id: string; state: string };
type Rental = { id: string; status: string; trafficUsedBytes: number };

test("two tailnet nodes talk through the customer's rented relay, and only while the product allows it", async ({ browser, playwright }) => {
  test.setTimeout(600_000);
  const bin = tailnetTools();
  procs = new Processes();
  const admin = await adminPage(browser);
  const tag = Date.now().toString(36);

  // 1. The admin: a region, the local engine as its server (relays on 127.0.0.1), a plan and a code.
  const region = `tn-${tag}`;
  await api(admin.request, "POST", "/api/admin/regions", 201, { code: region, nameEn: "Tailnet Harbour", nameZh: "尾网港" });
  const base = 46_000 + (Date.now() % 100) * 10;
  const localServerId = await addLocalEngineServer(admin, `e2e-tailnet-${tag}`, region, base);
  serverId = localServerId;
  const plan = await api<{ id: string }>(admin.request, "POST", "/api/admin/plans", 201, {
    nameEn: `Tailnet ${tag}`,
    nameZh: `尾网 ${tag}`,
    durationDays: 30,
    trafficQuotaBytes: 10_000_000_000,
    deviceLimit: 2,
    priceMinor: 100,
    currency: "USD",
  });
  const { codes } = await api<{ codes: string[] }>(admin.request, "POST", "/api/finance/generate_serial", 201, { planId: plan.id, count: 1 });

  // 2. The customer redeems; the relay becomes running.
  const email = `e2e-tailnet-${tag}@example.com`;
  const user = await verifiedCustomer(browser, admin, email);
  await api(user.request, "POST", "/api/serial/activate", 201, { code: codes[0], region });
  const relayState = async () => (await api<{ items: Relay[] }>(user.request, "GET", "/api/container/list", 200)).items[0]?.state;
  await expect.poll(relayState, { timeout: 180_000, intervals: [1_000] }).toBe("running");
  const rental = async () => (await api<{ items: Rental[] }>(user.request, "GET", "/api/user/rental_info", 200)).items[0];
  const rentalId = (await rental()).id;
  const relayId = (await api<{ items: Relay[] }>(user.request, "GET", "/api/container/list", 200)).items[0].id;
  appCleanup = async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    await admin.request.post(`/api/admin/rentals/${rentalId}/expiry`, { data: { expiresAt: past, reason: "e2e tailnet: cleanup" } });
    await admin.request.delete(`/api/container/release/${relayId}`);
    await admin.request.patch(`/api/server/${localServerId}`, { data: { enabled: false } });
    await admin.request.delete(`/api/server/${localServerId}`);
  };

  // The customer's direct link; its JSON map is what headscale and derpprobe read.
  await user.goto("/acl");
  await expect(user.getByTestId("link-create")).toBeVisible({ timeout: 30_000 });
  await user.getByTestId("link-create").click();
  const link = (await user.getByTestId("new-link").textContent())!.trim();
  const anonymous = await playwright.request.newContext();
  const jsonMap = await (await anonymous.get(`${link}?format=json`)).json();
  await anonymous.dispose();
  const [regionId] = Object.keys(jsonMap.Regions);
  const regionCode: string = jsonMap.Regions[regionId].RegionCode;
  const certName: string = jsonMap.Regions[regionId].Nodes[0].CertName;
  expect(certName).toMatch(/^sha256-raw:[0-9a-f]{64}$/);

  // 3. headscale takes the map from the direct link (derp.urls, JSON format).
  const headscale = new Headscale(procs, path.join(bin, "headscale"), await freePort(), await freePort(), await freePort());
  await headscale.start({ urls: [`${link}?format=json`] });
  const authKey = await headscale.preAuthKey("customer");

  // 4. Two nodes; n1 registered through the API, n2 approved from the pending list after its refused connection.
  const n1 = new Node(procs, bin, "n1", await freePort());
  const n2 = new Node(procs, bin, "n2", await freePort());
  await Promise.all([n1.start(), n2.start()]);
  await n1.up(headscale.url, authKey);
  await n2.up(headscale.url, authKey);
  // headscale's map (from our JSON) reached the client, CertName included.
  const clientMap = await n1.derpMap();
  expect(clientMap.Regions?.[regionId]?.RegionCode).toBe(regionCode);
  expect(clientMap.Regions?.[regionId]?.Nodes[0].CertName).toBe(certName);

  const key1 = (await n1.status()).Self.PublicKey;
  const key2 = (await n2.status()).Self.PublicKey;
  await api(user.request, "POST", "/api/devices", 201, { name: "n1", nodeKey: key1 });
  let pending: { id: number; nodeKey: string }[] = [];
  await expect
    .poll(async () => (pending = (await api<{ items: typeof pending }>(user.request, "GET", "/api/devices/pending", 200)).items).map((p) => p.nodeKey), { timeout: 60_000 })
    .toContain(key2);
  const device2 = await api<{ id: string }>(user.request, "POST", `/api/devices/pending/${pending.find((p) => p.nodeKey === key2)!.id}/approve`, 201, {
    name: "n2",
  });

  // 5. Ping through our DERP region, then a few MB over a TCP stream, counted by the rental.
  const ip2 = await n2.ip();
  const pingsViaDerp = async (from: Node, to: string) => {
    const r = await from.ping(to, 3, 5);
    return r.code === 0 && r.stdout.includes(`via DERP(${regionCode})`) ? "via DERP" : `no: ${r.stdout}${r.stderr}`;
  };
  await expect.poll(() => pingsViaDerp(n1, ip2), { timeout: 90_000, intervals: [2_000] }).toBe("via DERP");

  const usedBefore = (await rental()).trafficUsedBytes;
  const sink = await byteSink();
  const sent = 4 * MB;
  await sendThroughSocks(n1.socksPort, ip2, sink.port, sent);
  await expect.poll(() => sink.received(), { timeout: 60_000 }).toBe(sent);
  await sink.close();
  // Both directions of the relay count (in from n1, out to n2), plus DERP/WireGuard/TCP overhead.
  await expect.poll(async () => (await rental()).trafficUsedBytes - usedBefore, { timeout: 60_000, intervals: [2_000] }).toBeGreaterThanOrEqual(sent);
  expect((await rental()).trafficUsedBytes - usedBefore).toBeLessThan(4 * sent);

  // 6. A third node, not registered: refused by admission, so it cannot reach n1, and it shows up as pending.
  const n3 = new Node(procs, bin, "n3", await freePort());
  await n3.start();
  await n3.up(headscale.url, authKey);
  const key3 = (await n3.status()).Self.PublicKey;
  const ip1 = await n1.ip();
  const third = await n3.ping(ip1, 2, 5);
  expect(third.stdout).not.toContain("pong");
  await expect
    .poll(async () => (await api<{ items: { nodeKey: string }[] }>(user.request, "GET", "/api/devices/pending", 200)).items.map((p) => p.nodeKey), { timeout: 30_000 })
    .toContain(key3);
  await n3.stop();

  // 8. derpprobe against the direct link's JSON (a file: derpprobe takes https:// or file://); TLS probe off,
  // since it ignores CertName, and mesh probes off, since their random keys are refused by admission.
  const mapFile = path.join(procs.dir, "derpmap.json");
  writeFileSync(mapFile, JSON.stringify(jsonMap));
  const probe = await run(path.join(bin, "derpprobe"), [`-derp-map=file://${mapFile}`, "-once", "-tls-interval=0", "-mesh-interval=0"], 60_000);
  // Its STUN probe is the "udp" one: a binding request to the node's STUNPort, timed.
  const probeOutput = `${probe.stdout}${probe.stderr}`;
  expect(probeOutput).toContain(`good: derp/${regionCode}/${jsonMap.Regions[regionId].Nodes[0].Name}/udp`);
  expect(probeOutput).not.toContain("bad:");
  expect(probe.code, probeOutput).toBe(0);

  // 7. Quota below usage: the relay stops within a sampling cycle and the ping fails; a higher quota brings it back.
  const used = (await rental()).trafficUsedBytes;
  await api(admin.request, "POST", `/api/admin/rentals/${rentalId}/traffic`, 200, { quotaBytes: Math.floor(used / 2), reason: "e2e tailnet: quota below usage" });
  await expect.poll(relayState, { timeout: 60_000, intervals: [1_000] }).toBe("stopped");
  expect(await pingsViaDerp(n1, ip2)).not.toBe("via DERP");
  await api(admin.request, "POST", `/api/admin/rentals/${rentalId}/traffic`, 200, { quotaBytes: 10_000_000_000, reason: "e2e tailnet: quota raised" });
  await expect.poll(relayState, { timeout: 120_000, intervals: [1_000] }).toBe("running");
  await expect.poll(() => pingsViaDerp(n1, ip2), { timeout: 120_000, intervals: [2_000] }).toBe("via DERP");

  // ... and the same for expiry.
  await api(admin.request, "POST", `/api/admin/rentals/${rentalId}/expiry`, 200, { expiresAt: new Date(Date.now() - 60_000).toISOString(), reason: "e2e tailnet: expired" });
  await expect.poll(relayState, { timeout: 60_000, intervals: [1_000] }).toBe("stopped");
  expect(await pingsViaDerp(n1, ip2)).not.toBe("via DERP");
  await api(admin.request, "POST", `/api/admin/rentals/${rentalId}/expiry`, 200, { expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), reason: "e2e tailnet: renewed" });
  await expect.poll(relayState, { timeout: 120_000, intervals: [1_000] }).toBe("running");
  await expect.poll(() => pingsViaDerp(n1, ip2), { timeout: 120_000, intervals: [2_000] }).toBe("via DERP");

  // 3b. The same through derp.paths with the headscale YAML downloaded through the API: the region reaches the
  // clients (a CamelCase key would leave it out) and the path still works.
  const yaml = await user.request.get(`/api/acl/download/${encodeURIComponent(email)}?format=headscale`);
  expect(yaml.status()).toBe(200);
  const yamlFile = path.join(procs.dir, "derpmap.yaml");
  writeFileSync(yamlFile, await yaml.text());
  await headscale.start({ paths: [yamlFile] });
  await expect.poll(async () => (await n2.derpMap()).Regions?.[regionId]?.Nodes[0]?.CertName, { timeout: 60_000 }).toBe(certName);
  await expect.poll(() => pingsViaDerp(n1, ip2), { timeout: 90_000, intervals: [2_000] }).toBe("via DERP");

  // 3c. The real client enforces the CertName pin: a map pinning another certificate than the one the relay at
  // that address serves makes both nodes refuse the relay's TLS, so the DERP path is gone; the true pin brings it
  // back. (The map change makes the clients reconnect to the redefined region, so this is not an old connection.)
  const otherPin = `sha256-raw:${createHash("sha256").update("a certificate the relay does not serve").digest("hex")}`;
  const wrongPinFile = path.join(procs.dir, "derpmap-other-pin.yaml");
  const wrongPinYaml = readFileSync(yamlFile, "utf8").replaceAll(certName, otherPin);
  expect(wrongPinYaml).toContain(otherPin);
  writeFileSync(wrongPinFile, wrongPinYaml);
  await headscale.start({ paths: [wrongPinFile] });
  for (const node of [n1, n2]) {
    await expect.poll(async () => (await node.derpMap()).Regions?.[regionId]?.Nodes[0]?.CertName, { timeout: 60_000 }).toBe(otherPin);
  }
  await expect.poll(() => pingsViaDerp(n1, ip2), { timeout: 60_000, intervals: [2_000] }).not.toBe("via DERP");
  await expect.poll(() => n1.log(), { timeout: 30_000 }).toContain("cert hash does not match expected cert hash");
  await headscale.start({ paths: [yamlFile] });
  await expect.poll(async () => (await n1.derpMap()).Regions?.[regionId]?.Nodes[0]?.CertName, { timeout: 60_000 }).toBe(certName);
  await expect.poll(() => pingsViaDerp(n1, ip2), { timeout: 90_000, intervals: [2_000] }).toBe("via DERP");

  // 6b. Removing n2's device cuts its OPEN connection off within seconds: derper asks admission only when a
  // client connects, so the platform restarts the customer's relays right after a removal; n1 reconnects and is
  // admitted, n2 is refused and is pending again.
  const removedAt = Date.now();
  await api(user.request, "DELETE", `/api/devices/${device2.id}`, 204);
  await expect.poll(async () => (await n2.ping(ip1, 1, 3)).stdout.includes("pong"), { timeout: 30_000, intervals: [1_000] }).toBe(false);
  console.log(`[tailnet] the removed device lost the relay ${((Date.now() - removedAt) / 1000).toFixed(1)} s after its removal`);
  // Refused by admission after the removal (not merely a relay restarting): a refusal newer than the removal.
  const refusedSince = async () => {
    const { items } = await api<{ items: { nodeKey: string; lastAt: string }[] }>(user.request, "GET", "/api/devices/pending", 200);
    const row = items.find((p) => p.nodeKey === key2);
    return row ? new Date(row.lastAt).getTime() > removedAt : false;
  };
  await expect.poll(refusedSince, { timeout: 30_000, intervals: [1_000] }).toBe(true);
  await expect.poll(relayState, { timeout: 30_000, intervals: [1_000] }).toBe("running");
});
