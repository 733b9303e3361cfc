import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import enAlerts from "../messages/en/alerts.json";
import enErrors from "../messages/en/errors.json";
import { adminPage } from "./session";

// The operator sets up alerts on /admin/settings: a webhook URL that is not http(s) is refused next to its field;
// saved targets get a test message from the button (a real HTTP receiver here, the outbox for the mail), and
// both attempts appear in the delivery log.

test("an admin saves alert targets, sends a test alert and sees it delivered and logged", async ({ browser }) => {
  const received: Record<string, unknown>[] = [];
  const receiver = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
    req.on("end", () => {
      received.push(JSON.parse(raw) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/chat/hook`;
  const recipient = `e2e-ops-${Date.now().toString(36)}@example.com`;
  try {
    const admin = await adminPage(browser);
    await admin.goto("/admin/settings");
    await expect(admin.getByRole("heading", { name: enAlerts.settings.title, level: 1 })).toBeVisible();

    await admin.getByTestId("alerts-enabled").check();
    await admin.locator("#recipients").fill(recipient);
    await admin.locator("#webhookUrl").fill("ftp://example.com/hook");
    await admin.getByTestId("alert-settings-save").click();
    await expect(admin.locator("#webhookUrl-error")).toHaveText(enErrors.alert_webhook_url_invalid);

    await admin.locator("#webhookUrl").fill(hook);
    await admin.locator("#webhookSecret").fill("e2e-webhook-secret-123");
    await admin.getByTestId("alert-settings-save").click();
    await expect(admin.getByText(enAlerts.settings.saved)).toBeVisible();

    await admin.getByTestId("alert-test").click();
    const results = admin.getByTestId("alert-test-results");
    await expect(results.locator('[data-target="email"][data-ok="true"]')).toContainText(recipient);
    await expect(results.locator('[data-target="webhook"][data-ok="true"]')).toContainText("127.0.0.1");
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ event: "test", rule: "test" });
    expect(String(received[0].text)).toContain("[TEST]");

    // The log on the same page, after the refresh the button triggers.
    const log = admin.getByTestId("alert-delivery");
    await expect(log.filter({ hasText: recipient })).toHaveCount(1);
    await expect(admin.locator('[data-testid="alert-delivery"][data-target="webhook"][data-ok="true"]').first()).toContainText("204");

    // The mail went through the mailer (the development outbox here).
    await admin.goto(`/admin/mail?to=${encodeURIComponent(recipient)}`);
    await expect(admin.locator('[data-testid="outbox-mail"][data-template="alert"]')).toHaveCount(1);
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
