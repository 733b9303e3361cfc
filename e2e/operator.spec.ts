import { createHmac } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import enOperator from "../messages/en/operator.json";
import { E2E_ADMIN_EMAIL } from "./fixtures";
import { adminPage, login } from "./session";

// The operator's tools: an admin grants a rental on a user's page (and suspends it, and keeps a note); the
// serial search finds a code by its text and by its last five symbols; an admin sets up two-factor login with a
// code computed here from the key the page shows, and then logs in with the password and a code.

/** A verified account made through the API (code read from the development outbox); returns its id. */
async function verifiedUser(admin: Page, email: string, password: string): Promise<string> {
  expect((await admin.request.post("/api/user/add_user", { data: { email, password } })).status()).toBe(202);
  await admin.goto(`/admin/mail?to=${encodeURIComponent(email)}`);
  const mail = admin.locator(`[data-testid="outbox-mail"][data-template="verification-code"]`).first();
  const code = ((await mail.getByTestId("outbox-text").textContent()) ?? "").match(/\b(\d{6})\b/)?.[1];
  expect(code, "a 6-digit code in the mail").toBeTruthy();
  expect((await admin.request.post("/api/user/verify", { data: { email, code } })).status()).toBe(204);
  const found = await admin.request.get(`/api/admin/users?q=${encodeURIComponent(email)}`);
  const id = (await found.json()).items[0]?.id as string;
  expect(id).toBeTruthy();
  return id;
}

// RFC 6238 as an authenticator app computes it (SHA-1, 6 digits, 30 s), written here independently of the app's
// own implementation.
function base32(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of text.replace(/[\s=]/g, "").toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, "0");
  return Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
}
function totpAt(secret: string, stepOffset = 0): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000) + stepOffset));
  const mac = createHmac("sha1", base32(secret)).update(counter).digest();
  const offset = mac[19] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

test("an admin grants a rental on a user's page, suspends it with a reason and leaves a note", async ({ browser }) => {
  const admin = await adminPage(browser);
  const email = `e2e-grant-${Date.now().toString(36)}@example.com`;
  const userId = await verifiedUser(admin, email, "e2e grant password 1");

  await admin.goto(`/admin/users/${userId}`);
  const planOption = admin.locator("#grant-plan option").nth(1);
  const planName = ((await planOption.textContent()) ?? "").trim();
  await admin.locator("#grant-plan").selectOption((await planOption.getAttribute("value"))!);
  await admin.locator("#grant-days").fill("12");
  // Without a reason the grant is refused next to the field, and nothing is granted.
  await admin.getByTestId("grant-submit").click();
  await expect(admin.locator("#grant-reason-error")).toBeVisible();
  await expect(admin.getByTestId("rental-tool-row")).toHaveCount(0);
  await admin.locator("#grant-reason").fill("E2E: compensation");
  await admin.getByTestId("grant-submit").click();
  await expect(admin.getByTestId("grant-done")).toHaveText(enOperator.grant.doneNew);
  const row = admin.getByTestId("rental-tool-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(planName);
  await expect(admin.getByTestId("admin-user-rentals").getByTestId("rental-card")).toHaveCount(1);
  // No order: a grant is not a sale.
  await expect(admin.getByTestId("admin-user-orders").getByRole("row")).toHaveCount(0);

  // Suspend it: the dialog asks for a reason first.
  await row.getByTestId("rental-suspend").click();
  const dialog = admin.locator("dialog[open]");
  await expect(dialog).toContainText(enOperator.rentals.suspendBody);
  await dialog.locator("textarea[name=reason]").fill("E2E: abuse report");
  await dialog.getByTestId("rental-suspension-submit").click();
  await expect(row.getByTestId("rental-status")).toHaveAttribute("data-status", "suspended");
  await expect(row.getByTestId("rental-unsuspend")).toBeVisible();

  await admin.locator("#note-body").fill("Called about the outage; granted 12 days.");
  await admin.getByTestId("note-submit").click();
  await expect(admin.getByTestId("user-note").first()).toContainText("Called about the outage");
  await expect(admin.getByTestId("user-note").first()).toContainText(E2E_ADMIN_EMAIL);
});

test("the serial search finds a code by its text and by its last five symbols", async ({ browser }) => {
  const admin = await adminPage(browser);
  const plans = await (await admin.request.get("/api/admin/plans")).json();
  const generated = await admin.request.post("/api/finance/generate_serial", { data: { planId: plans.items[0].id, count: 3 } });
  expect(generated.status()).toBe(201);
  const { codes, batch } = (await generated.json()).data as { codes: string[]; batch: { id: string } };

  await admin.goto("/admin/serials");
  await admin.locator("#serial-search-q").fill(codes[1].toLowerCase());
  await admin.locator("#serial-search-q").press("Enter");
  await expect(admin).toHaveURL(/\/admin\/serials\/search\?q=/);
  const hits = admin.getByTestId("serial-search-hit");
  await expect(hits).toHaveCount(1);
  await expect(hits.first()).toContainText(codes[1].slice(-5));
  await expect(hits.first().locator(`a[href="/admin/serials/${batch.id}"]`)).toBeVisible();

  await admin.locator("#serial-search-q").fill(codes[2].slice(-5));
  await admin.locator("#serial-search-q").press("Enter");
  await expect(admin.getByTestId("serial-search-hit").filter({ hasText: codes[2].slice(-5) })).toHaveCount(1);

  await admin.locator("#serial-search-q").fill("ABC");
  await admin.locator("#serial-search-q").press("Enter");
  await expect(admin.getByTestId("serial-search-error")).toBeVisible();
});

test("an admin sets up two-factor login and then logs in with the password and a code", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await adminPage(browser);
  const email = `e2e-totp-${Date.now().toString(36)}@example.com`;
  const password = "e2e totp password 1";
  const userId = await verifiedUser(admin, email, password);
  expect((await admin.request.post(`/api/admin/users/${userId}/role`, { data: { role: "admin" } })).status()).toBe(200);

  const page = await (await browser.newContext({ locale: "en" })).newPage();
  await login(page, email, password);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/profile");
  await page.getByTestId("totp-start").click();
  const secret = (await page.getByTestId("totp-secret").getAttribute("data-secret"))!;
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expect(page.getByTestId("totp-uri")).toHaveAttribute("href", new RegExp(`^otpauth://totp/.*secret=${secret}`));
  await page.locator("#totp-code").fill("000000" === totpAt(secret) ? "111111" : "000000");
  await page.getByTestId("totp-confirm").click();
  await expect(page.locator("#totp-code-error")).toBeVisible();
  await page.locator("#totp-code").fill(totpAt(secret));
  await page.getByTestId("totp-confirm").click();
  await expect(page.getByTestId("recovery-code")).toHaveCount(10);

  // Log out, then in: the password alone is not enough any more.
  await page.getByTestId("logout").click();
  await expect(page).toHaveURL(/\/login/);
  await login(page, email, password);
  await expect(page.getByTestId("login-second-factor")).toBeVisible();
  // The code of the next step: the enrolment used this step's, and a code is accepted only once.
  await page.locator("#totp").fill(totpAt(secret, 1));
  await page.getByTestId("login-submit").click();
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/profile");
  await expect(page.getByTestId("totp-enabled")).toBeVisible();
});
