import { expect, type Browser, type Page } from "@playwright/test";
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
