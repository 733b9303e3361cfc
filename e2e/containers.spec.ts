import Docker from "dockerode";
import { expect, test, type Page } from "@playwright/test";
import enContainers from "../messages/en/containers.json";
import { addLocalEngineServer } from "./local-engine-server";
import { adminPage, verifiedCustomer } from "./session";
import { removeRelayContainersOf } from "../tests/helpers/relay-containers";

// A customer redeems a code and sees their relay become `running` on their dashboard (allocated right after
// the redemption, on the local Docker engine with the real derper image); an admin stops and starts it on
// /admin/containers. The setup (region, server, plan, code) goes through the admin API, which fleet.spec.ts and
// billing.spec.ts already cover through their forms. Containers left behind are removed by their labels.

const docker = new Docker({ socketPath: "/var/run/docker.sock" });
let serverId: string | undefined;

test.afterAll(async () => {
  if (!serverId) return;
  await removeRelayContainersOf(docker, [serverId]);
});

/** A JSON call as the admin (their session cookie); fails the test on anything but `status`. */
async function adminApi<T>(admin: Page, method: "GET" | "POST", url: string, status: number, data?: unknown): Promise<T> {
  const res = method === "GET" ? await admin.request.get(url) : await admin.request.post(url, { data });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBe(status);
  return ((await res.json()) as { data: T }).data;
}

test("a customer redeems a code and sees their relay running; an admin stops and starts it", async ({ browser }) => {
  test.setTimeout(240_000);
  const tag = Date.now().toString(36);
  const admin = await adminPage(browser);

  // A region of its own with the local engine as its only server, so the relay lands there.
  const regionCode = `e2e-c-${tag}`;
  await adminApi(admin, "POST", "/api/admin/regions", 201, { code: regionCode, nameEn: "E2E Relays", nameZh: "测试中继" });
  const base = 47_000 + (Date.now() % 100) * 10;
  serverId = await addLocalEngineServer(admin, `e2e-containers-${tag}`, regionCode, base);

  const plan = await adminApi<{ id: string }>(admin, "POST", "/api/admin/plans", 201, {
    nameEn: `E2E relay plan ${tag}`,
    nameZh: `测试中继套餐 ${tag}`,
    durationDays: 30,
    trafficQuotaBytes: 10_000_000_000,
    deviceLimit: 2,
    priceMinor: 100,
    currency: "USD",
  });
  const { codes } = await adminApi<{ codes: string[] }>(admin, "POST", "/api/finance/generate_serial", 201, { planId: plan.id, count: 1 });

  // The customer redeems the code in that region; the dashboard shows the relay running (allocated right
  // after the redemption; the page is reloaded until it is, as a customer would).
  const email = `e2e-containers-${tag}@example.com`;
  const user = await verifiedCustomer(browser, admin, email);
  await user.goto("/activate");
  await user.getByTestId("activate-region").selectOption({ label: "E2E Relays" });
  await user.locator("#code").fill(codes[0]);
  await user.getByTestId("activate-submit").click();
  await expect(user.getByTestId("activate-success")).toBeVisible();
  await user.goto("/");
  await expect(async () => {
    await user.reload();
    await expect(user.getByTestId("relay-node").getByTestId("relay-state")).toHaveAttribute("data-state", "running", { timeout: 2_000 });
  }).toPass({ timeout: 120_000 });
  const node = user.getByTestId("relay-node");
  await expect(node.getByTestId("relay-address")).toContainText("127.0.0.1");
  const derpPort = Number(await node.getByTestId("relay-derp-port").textContent());
  expect(derpPort).toBeGreaterThanOrEqual(base);
  expect(derpPort).toBeLessThanOrEqual(base + 9);
  await expect(node.getByTestId("relay-restart")).toBeVisible();

  // The admin finds it on the containers page by the customer's email, stops it (asked first) and starts it.
  await admin.goto(`/admin/containers?user=${encodeURIComponent(email)}`);
  const row = admin.getByTestId("relay-row");
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute("data-state", "running");
  await row.getByTestId("relay-stop").click();
  await admin.getByRole("dialog").getByRole("button", { name: enContainers.actions.stop }).click();
  await expect(admin.getByTestId("relay-row")).toHaveAttribute("data-state", "stopped", { timeout: 60_000 });
  const relayId = await row.getAttribute("data-relay-id");
  const stopped = await docker.listContainers({ filters: { label: [`derpmanagement.relay-id=${relayId}`] } });
  expect(stopped, "no running container").toHaveLength(0);

  await admin.getByTestId("relay-row").getByTestId("relay-start").click();
  await expect(admin.getByTestId("relay-row")).toHaveAttribute("data-state", "running", { timeout: 60_000 });
  const running = await docker.listContainers({ filters: { label: [`derpmanagement.relay-id=${relayId}`] } });
  expect(running).toHaveLength(1);

  // The customer sees it running again.
  await user.reload();
  await expect(user.getByTestId("relay-node").getByTestId("relay-state")).toHaveAttribute("data-state", "running");
});
