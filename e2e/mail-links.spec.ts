import { expect, test, type Page } from "@playwright/test";
import enAccounts from "../messages/en/accounts.json";
import zhAccounts from "../messages/zh-CN/accounts.json";
import { E2E_BASE_URL } from "./fixtures";
import { adminPage } from "./session";

// Issue 8, item 11: the verification and password reset mails carry a link that opens the page with the code
// filled in; confirming the address signs the customer in and opens the portal.

/** The link of the newest `template` mail to `email`, read in the development mailbox. */
async function mailedLink(admin: Page, email: string, template: string, pagePath: string): Promise<string> {
  await admin.goto(`/admin/mail?to=${encodeURIComponent(email)}`);
  const mail = admin.locator(`[data-testid="outbox-mail"][data-template="${template}"]`).first();
  await expect(mail).toBeVisible();
  const text = (await mail.getByTestId("outbox-text").textContent()) ?? "";
  const link = text.match(new RegExp(`${E2E_BASE_URL}${pagePath}\\?[^\\s\\]]+`))?.[0];
  expect(link, text).toBeTruthy();
  return link!;
}

test("the verification link fills the code in; confirming signs the customer in (Chinese)", async ({ browser }) => {
  const email = `e2e-link-${Date.now().toString(36)}@example.com`;
  const password = "e2e link password 1";
  const user = await (await browser.newContext({ locale: "zh-CN" })).newPage();
  await user.goto("/signup");
  await user.locator("#email").fill(email);
  await user.locator("#password").fill(password);
  await user.getByRole("button", { name: zhAccounts.signup.submit }).click();
  await expect(user).toHaveURL(/\/verify\?email=/);

  const admin = await adminPage(browser);
  const link = await mailedLink(admin, email, "verification-code", "/verify");
  await user.goto(link);
  await expect(user.locator("#email")).toHaveValue(email);
  await expect(user.locator("#code")).toHaveValue(/^\d{6}$/);
  // One click: the button is focused, Enter confirms.
  await expect(user.getByTestId("verify-submit")).toBeFocused();
  await user.keyboard.press("Enter");
  await expect(user).toHaveURL(/\/\?welcome=1$/);
  await expect(user.getByTestId("verified-welcome")).toHaveText(zhAccounts.verify.welcome);
  await user.goto("/profile");
  await expect(user.getByTestId("profile-email")).toHaveText(email);
  // The link is spent: opened again, confirming is refused.
  const again = await (await browser.newContext({ locale: "en" })).newPage();
  await again.goto(link);
  await again.getByTestId("verify-submit").click();
  await expect(again.locator("#code-error")).toContainText("The code is wrong or has expired");
});

test("the password reset link fills the code in; the new password works (English)", async ({ browser }) => {
  const email = `e2e-reset-${Date.now().toString(36)}@example.com`;
  const user = await (await browser.newContext({ locale: "en" })).newPage();
  const admin = await adminPage(browser);
  test.setTimeout(150_000);
  // An active account to reset.
  const signedUpAt = Date.now();
  expect((await user.request.post("/api/user/add_user", { data: { email, password: "the first password 1" } })).status()).toBe(202);
  await user.goto(await mailedLink(admin, email, "verification-code", "/verify"));
  await user.getByTestId("verify-submit").click();
  await expect(user).toHaveURL(/\/\?welcome=1$/);
  await user.getByTestId("logout").click();

  // A code mail goes to one address at most once a minute: wait out the sign-up's.
  await user.waitForTimeout(Math.max(0, 62_000 - (Date.now() - signedUpAt)));
  await user.goto(`/forgot-password?email=${encodeURIComponent(email)}`);
  await user.getByRole("button", { name: enAccounts.forgot.submit }).click();
  await expect(user).toHaveURL(/\/reset-password\?email=/);
  const link = await mailedLink(admin, email, "password-reset-code", "/reset-password");
  await user.goto(link);
  await expect(user.locator("#email")).toHaveValue(email);
  await expect(user.locator("#code")).toHaveValue(/^\d{6}$/);
  // A refused password keeps what was typed and is said once, next to the field.
  await user.locator("#password").fill("short");
  await user.getByRole("button", { name: enAccounts.reset.submit }).click();
  await expect(user.locator("#password-error")).toBeVisible();
  await expect(user.getByTestId("form-error")).toHaveCount(0);
  await expect(user.locator("#password")).toHaveValue("short");
  await expect(user.locator("#code")).toHaveValue(/^\d{6}$/);
  await user.locator("#password").fill("the second password 2");
  await user.getByRole("button", { name: enAccounts.reset.submit }).click();
  await expect(user).toHaveURL(/\/login\?.*reset=1/);
  await user.locator("#password").fill("the second password 2");
  await user.getByTestId("login-submit").click();
  await expect(user).toHaveURL(/\/$/);
});
