import { expect, test } from "@playwright/test";
import enFleet from "../messages/en/fleet.json";
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD } from "./fixtures";

// Admin: adds the local Docker host through the form (a refused port range first, the connection tested before
// saving), tests it from its page and sees it up, finds it on the fleet overview, drains it and deletes it.

test("an admin adds the local Docker host, tests it, sees it up on the overview, drains and deletes it", async ({ browser }) => {
  const page = await (await browser.newContext({ locale: "en" })).newPage();
  await page.goto("/login");
  await page.locator("#email").fill(E2E_ADMIN_EMAIL);
  await page.locator("#password").fill(E2E_ADMIN_PASSWORD);
  await page.getByTestId("login-submit").click();
  await expect(page).toHaveURL(/\/admin$/);

  await page.getByRole("link", { name: enFleet.nav.servers }).first().click();
  await expect(page).toHaveURL(/\/admin\/servers$/);
  await page.getByTestId("server-add").first().click();
  await expect(page).toHaveURL(/\/admin\/servers\/new$/);

  const name = `e2e-local-${Date.now().toString(36)}`;
  await page.locator("#name").fill(name);
  await page.locator("#region").selectOption("hk");
  await page.locator("#publicIpv4").fill("127.0.0.1");
  // The connection kinds show only their own fields.
  await page.getByLabel(enFleet.form.kindTls).check();
  await expect(page.locator("#docker\\.ca")).toBeVisible();
  await expect(page.locator("#docker\\.socketPath")).toBeHidden();
  await page.getByLabel(enFleet.form.kindSocket).check();
  await expect(page.locator("#docker\\.socketPath")).toHaveValue("/var/run/docker.sock");

  // A refused form says what is wrong next to each field and keeps what was typed, the chosen kind included.
  await page.getByLabel(enFleet.form.kindTls).check();
  await page.getByTestId("server-submit").click();
  await expect(page.locator("#docker\\.tls\\.host-error")).toBeVisible();
  await expect(page.getByLabel(enFleet.form.kindTls)).toBeChecked();
  await expect(page.locator("#region")).toHaveValue("hk");
  await page.getByLabel(enFleet.form.kindSocket).check();
  await expect(page.locator("#docker\\.socketPath")).toHaveValue("/var/run/docker.sock");
  // A DERP range that cannot hold capacity + 1 relays.
  await page.locator("#derpPortMax").fill("8450");
  await page.getByTestId("server-submit").click();
  await expect(page.locator("#derpPortMax-error")).toBeVisible();
  await expect(page.locator("#name")).toHaveValue(name);
  await expect(page.getByLabel(enFleet.form.kindSocket)).toBeChecked();
  await page.locator("#derpPortMax").fill("8542");

  await page.getByTestId("server-form-test").click();
  const tested = page.getByTestId("connection-test-result");
  await expect(tested).toHaveAttribute("data-ok", "true", { timeout: 20_000 });
  await expect(tested).toContainText("Docker");

  await page.getByTestId("server-submit").click();
  await expect(page).toHaveURL(/\/admin\/servers\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("server-name")).toHaveText(name);
  await expect(page.getByTestId("server-status")).toHaveAttribute("data-status", "unknown");

  await page.getByTestId("server-test").click();
  await expect(page.getByTestId("connection-test-result")).toHaveAttribute("data-ok", "true", { timeout: 20_000 });
  await expect(page.getByTestId("server-status")).toHaveAttribute("data-status", "up");

  await page.goto("/admin/servers");
  const row = page.locator(`[data-testid="server-row"][data-name="${name}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("server-status")).toHaveAttribute("data-status", "up");
  await expect(page.locator(`[data-testid="region-summary-row"][data-code="hk"]`)).toBeVisible();

  await row.getByRole("link", { name }).click();
  await page.getByTestId("server-drain").click();
  await page.getByRole("dialog").getByRole("button", { name: enFleet.actions.drain }).click();
  await expect(page.getByTestId("server-undrain")).toBeVisible();

  await page.getByTestId("server-delete").click();
  await page.getByRole("dialog").getByRole("button", { name: enFleet.actions.delete }).click();
  await expect(page).toHaveURL(/\/admin\/servers$/);
  await expect(page.locator(`[data-testid="server-row"][data-name="${name}"]`)).toHaveCount(0);
});
