import Docker from "dockerode";
import { expect, test } from "@playwright/test";
import { addLocalEngineServer } from "./local-engine-server";
import { adminPage, verifiedCustomer } from "./session";
import { removeRelayContainersOf } from "../tests/helpers/relay-containers";

// A customer with a real relay (the local Docker engine as the server, allocation by the app) registers a
// device, opens /acl, copies the JSON map, makes a direct link, fetches it without a session, and sees that download in the access
// log. The admin sets up region, server, plan and code through the API; containers are removed by label.

const docker = new Docker({ socketPath: "/var/run/docker.sock" });
let serverId: string | undefined;

test.afterAll(async () => {
  if (!serverId) return;
  await removeRelayContainersOf(docker, [serverId]);
});

test("a customer registers a device, copies the DERP map, opens the direct link and sees the download in the log", async ({ browser, playwright }) => {
  test.setTimeout(300_000);
  const admin = await adminPage(browser);
  const tag = Date.now().toString(36);
  const region = `acl-${tag}`;
  expect((await admin.request.post("/api/admin/regions", { data: { code: region, nameEn: "ACL Harbour", nameZh: "测试港" } })).status()).toBe(201);
  const base = 47_000 + (Date.now() % 100) * 10;
  serverId = await addLocalEngineServer(admin, `e2e-acl-${tag}`, region, base);
  const plan = await admin.request.post("/api/admin/plans", {
    data: { nameEn: `ACL ${tag}`, nameZh: `地图 ${tag}`, durationDays: 30, trafficQuotaBytes: 10_000_000_000, deviceLimit: 2, priceMinor: 100, currency: "USD" },
  });
  const batch = await admin.request.post("/api/finance/generate_serial", { data: { planId: (await plan.json()).data.id, count: 1 } });
  const code = (await batch.json()).data.codes[0] as string;

  const user = await verifiedCustomer(browser, admin, `e2e-acl-${tag}@example.com`, { permissions: ["clipboard-read", "clipboard-write"] });
  await user.goto("/acl");
  await expect(user.getByText("No relay yet")).toBeVisible();
  expect((await user.request.post("/api/serial/activate", { data: { code, region } })).status()).toBe(201);

  // The relay is allocated (right after redemption, or by the rental job); the map then has its region.
  await expect(async () => {
    await user.goto("/acl");
    await expect(user.getByTestId("format-json")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 180_000 });

  // A device: a malformed key is refused at its field, a good one is listed.
  await user.goto("/devices");
  const add = user.getByTestId("add-device");
  await add.getByLabel("Name").fill("laptop");
  await add.getByLabel("Node key").fill("nodekey:not-a-key");
  await add.getByRole("button", { name: "Add device" }).click();
  await expect(add.getByText("A node key is “nodekey:” followed by 64 hexadecimal digits", { exact: false })).toBeVisible();
  const nodeKey = `nodekey:${"ab".repeat(32)}`;
  await add.getByLabel("Node key").fill(nodeKey);
  await add.getByRole("button", { name: "Add device" }).click();
  await expect(user.getByTestId("device-row").filter({ hasText: "laptop" })).toContainText(nodeKey.slice(0, 16));

  await user.goto("/acl");
  await user.getByTestId("copy-json").click();
  await expect(user.getByTestId("copy-json")).toHaveAttribute("data-copy-state", "copied");
  const copied = JSON.parse(await user.evaluate(() => navigator.clipboard.readText()));
  expect(copied.Regions["900"].Nodes[0]).toMatchObject({ Name: "900a", RegionID: 900, IPv4: "127.0.0.1" });
  expect(copied.Regions["900"].Nodes[0].CertName).toMatch(/^sha256-raw:[0-9a-f]{64}$/);

  // A direct link, fetched with no session at all.
  await user.getByTestId("link-create").click();
  const link = (await user.getByTestId("new-link").textContent())!.trim();
  expect(link).toMatch(/\/acl\/dml_[A-Za-z0-9_-]{43}$/);
  const anonymous = await playwright.request.newContext();
  const fetched = await anonymous.get(`${link}?format=json`);
  expect(fetched.status()).toBe(200);
  expect(fetched.headers()["cache-control"]).toBe("no-store");
  expect(fetched.headers()["referrer-policy"]).toBe("no-referrer");
  expect(await fetched.json()).toEqual(copied);
  await anonymous.dispose();

  // The download is in the access log.
  await user.goto("/acl");
  await expect(user.getByTestId("access-log").locator('[data-testid="access-row"][data-channel="link"]')).toHaveCount(1);
  await expect(user.getByTestId("dbip-credit")).toContainText("DB-IP");
});
