import Docker from "dockerode";
import { expect, test } from "@playwright/test";
import enMonitor from "../messages/en/fleet-monitor.json";
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD } from "./fixtures";
import { login } from "./session";
import { removeRelayContainersOf } from "../tests/helpers/relay-containers";

// An admin adds the local Docker engine as a server through the form, runs the health check from the server
// page and sees the server go up (its canary relay, the real derper image, created by the check), then opens
// the latency charts, which fill from the latency job. The server is deleted at the end, which removes the
// canary; any container left by a failure is removed by its labels.

const docker = new Docker({ socketPath: "/var/run/docker.sock" });
let serverId: string | undefined;

test.afterAll(async () => {
  if (!serverId) return;
  await removeRelayContainersOf(docker, [serverId]);
});

test("an admin adds the local Docker host, sees it go up and opens its latency chart", async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await (await browser.newContext({ locale: "en" })).newPage();
  await login(page, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/admin$/);

  // Ports of their own, so parallel runs on this engine do not collide.
  const base = 46_000 + (Date.now() % 100) * 10;
  const name = `e2e-local-${Date.now().toString(36)}`;
  await page.goto("/admin/servers/new");
  await page.locator("#name").fill(name);
  await page.locator("#region").selectOption({ index: 1 });
  await page.locator("#publicIpv4").fill("127.0.0.1");
  await page.locator("#derpPortMin").fill(String(base));
  await page.locator("#derpPortMax").fill(String(base + 9));
  await page.locator("#stunPortMin").fill(String(base + 5_000));
  await page.locator("#stunPortMax").fill(String(base + 5_009));
  await page.locator("#capacity").fill("5");
  await expect(page.locator('input[name="docker.kind"][value="socket"]')).toBeChecked();
  await page.locator('[id="docker.socketPath"]').fill("/var/run/docker.sock");
  await page.getByTestId("server-submit").click();

  await expect(page).toHaveURL(/\/admin\/servers\/[0-9a-f-]{36}$/);
  serverId = page.url().split("/").pop();
  await expect(page.getByTestId("server-name")).toHaveText(name);

  // The check creates the canary and probes it; the page shows the result without a reload of our own.
  await page.getByTestId("health-check-now").click();
  await expect(page.getByTestId("server-status")).toHaveAttribute("data-status", "up", { timeout: 60_000 });
  await expect(page.getByTestId("relay-row")).toContainText("derpm-relay-");
  const canaries = await docker.listContainers({ filters: { label: [`derpmanagement.server-id=${serverId}`, "derpmanagement.kind=canary"] } });
  expect(canaries).toHaveLength(1);

  // The trends: one hour, with the first latency samples (the latency job runs every 5 s in the e2e server).
  const trends = page.getByTestId("server-trends");
  await expect(trends).toBeVisible();
  await trends.getByRole("button", { name: enMonitor.trends.range["1h"] }).click();
  await expect(trends.getByRole("button", { name: enMonitor.trends.range["1h"] })).toHaveAttribute("aria-pressed", "true");
  await expect(async () => {
    await page.reload();
    await trends.getByRole("button", { name: enMonitor.trends.range["1h"] }).click();
    await expect(trends.getByTestId("chart-latency-https")).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await expect(trends.getByTestId("chart-latency-stun")).toBeVisible();
  await expect(trends.getByTestId("chart-loss")).toBeVisible();
  await expect(trends.getByTestId("chart-cpu")).toBeVisible();
  // recharts drew lines for the series (avg and p95).
  await expect(trends.getByTestId("chart-latency-https").locator(".recharts-line")).toHaveCount(2);

  // The API behind the charts answers the same data.
  const api = await page.request.get(`/api/server/${serverId}/latency?range=1h`);
  expect(api.status()).toBe(200);
  const { data } = (await api.json()) as { data: { https: { samples: number; avgMs: number | null }[] } };
  expect(data.https.some((p) => p.samples > 0 && p.avgMs !== null)).toBe(true);

  // Deleting the server removes its canary container.
  const removed = await page.request.delete(`/api/server/${serverId}`);
  expect(removed.status()).toBe(204);
  expect(await docker.listContainers({ all: true, filters: { label: [`derpmanagement.server-id=${serverId}`] } })).toHaveLength(0);
});
