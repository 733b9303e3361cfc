import { expect, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD } from "./fixtures";

/** Fills in and submits the login form; the caller asserts where it lands (portal, admin, or a refusal). */
export async function login(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.getByTestId("login-submit").click();
}

/** A new English browser context with the e2e server's administrator logged in, on the admin overview. */
export async function adminPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext({ locale: "en" })).newPage();
  await login(page, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/admin$/);
  return page;
}

/**
 * A verified customer in a new English context, logged in on the portal: signed up through
 * POST /api/user/add_user, the code read by the admin at /admin/mail.
 */
export async function verifiedCustomer(browser: Browser, admin: Page, email: string, options: BrowserContextOptions = {}): Promise<Page> {
  const password = "e2e customer password 1";
  const page = await (await browser.newContext({ locale: "en", ...options })).newPage();
  expect((await page.request.post("/api/user/add_user", { data: { email, password } })).status()).toBe(202);
  await admin.goto(`/admin/mail?to=${encodeURIComponent(email)}`);
  const mail = admin.locator(`[data-testid="outbox-mail"][data-template="verification-code"]`).first();
  const code = ((await mail.getByTestId("outbox-text").textContent()) ?? "").match(/\b(\d{6})\b/)?.[1];
  expect(code, "a 6-digit code in the mail").toBeTruthy();
  expect((await page.request.post("/api/user/verify", { data: { email, code } })).status()).toBe(204);
  await login(page, email, password);
  await expect(page).toHaveURL(/\/$/);
  return page;
}
