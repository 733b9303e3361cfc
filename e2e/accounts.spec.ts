import { expect, test, type Page } from "@playwright/test";
import enAccounts from "../messages/en/accounts.json";
import zhAccounts from "../messages/zh-CN/accounts.json";
import { adminPage, login } from "./session";

// Sign-up → code from the development outbox → verify → login → language → logout; a second browser's session
// ended from the profile; then an admin disables the user and the user's open session ends on its next navigation.

/** The newest code mailed to `email`, read as an admin at /admin/mail (works on PGlite and Postgres). */
async function codeFromOutbox(admin: Page, email: string): Promise<string> {
  await admin.goto(`/admin/mail?to=${encodeURIComponent(email)}`);
  const card = admin.locator(`[data-testid="outbox-mail"][data-template="verification-code"]`).first();
  await expect(card).toBeVisible();
  const text = (await card.getByTestId("outbox-text").textContent()) ?? "";
  const code = text.match(/\b(\d{6})\b/)?.[1];
  expect(code, "a 6-digit code in the mail").toBeTruthy();
  return code!;
}

test("sign up, verify with the mailed code, log in, change language, log out; an admin disable ends the session", async ({ browser }) => {
  // One journey through some thirty page loads in three browsers: more than the default 30 s on a busy machine.
  test.setTimeout(90_000);
  const email = `e2e-${Date.now().toString(36)}@example.com`;
  const password = "e2e user password 1";
  const userContext = await browser.newContext({ locale: "en" });
  const user = await userContext.newPage();

  // Sign up.
  await user.goto("/signup");
  await expect(user.getByRole("heading", { name: enAccounts.signup.title })).toBeVisible();
  await user.locator("#email").fill(email);
  await user.locator("#password").fill("short");
  await user.getByRole("button", { name: enAccounts.signup.submit }).click();
  await expect(user.locator("#password-error")).toHaveText("The password must have at least 8 characters.");
  // Said once, next to the field (no banner above it), and what was typed stays.
  await expect(user.getByTestId("form-error")).toHaveCount(0);
  await expect(user.locator("#password")).toHaveValue("short");
  await expect(user.locator("#email")).toHaveValue(email);
  await user.locator("#password").fill(password);
  await user.getByRole("button", { name: enAccounts.signup.submit }).click();
  await expect(user).toHaveURL(/\/verify\?email=/);

  // An unverified account cannot log in yet; the login page offers a new code.
  const admin = await adminPage(browser);
  await login(user, email, password);
  await expect(user.getByTestId("login-unverified")).toBeVisible();

  // The code from the development outbox; a wrong one first.
  const code = await codeFromOutbox(admin, email);
  await user.goto(`/verify?email=${encodeURIComponent(email)}`);
  await user.locator("#code").fill(code === "000000" ? "111111" : "000000");
  await user.getByTestId("verify-submit").click();
  await expect(user.locator("#code-error")).toContainText("The code is wrong or has expired");
  await user.locator("#code").fill(code);
  await user.getByTestId("verify-submit").click();
  // Verified and logged in at once: the portal opens.
  await expect(user).toHaveURL(/\/\?welcome=1$/);
  await expect(user.getByTestId("verified-welcome")).toHaveText(enAccounts.verify.welcome);
  await expect(user.getByTestId("user-menu-email")).toHaveText(email);

  // Change the language: the pages follow, and so does the profile (mails go out in that language).
  await user.goto("/profile");
  await expect(user.getByRole("heading", { name: enAccounts.profile.title })).toBeVisible();
  await user.getByTestId("language-switcher").selectOption("zh-CN");
  await expect(user.getByRole("heading", { name: zhAccounts.profile.title })).toBeVisible();
  await user.reload();
  await expect(user.getByTestId("profile-locale")).toHaveValue("zh-CN");

  // Log out: the profile is no longer reachable.
  await user.getByTestId("logout").click();
  await expect(user).toHaveURL(/\/login/);
  await user.goto("/profile");
  await expect(user).toHaveURL(/\/login\?next=%2Fprofile/);

  // Log in again and keep the session open while an admin disables the account.
  await login(user, email, password);
  await expect(user).toHaveURL(/\/$/);
  await user.goto("/profile");
  await expect(user.getByTestId("profile-email")).toHaveText(email);

  // A second browser logs in too. The profile (in Chinese now) lists both sessions, this one marked, and
  // ends the other one: that browser is logged out on its next navigation.
  const otherContext = await browser.newContext({ locale: "en" });
  const other = await otherContext.newPage();
  await login(other, email, password);
  await expect(other).toHaveURL(/\/$/);
  await user.reload();
  const rows = user.getByTestId("session-row");
  await expect(rows).toHaveCount(2);
  await expect(user.locator('[data-testid="session-row"][data-current="true"]')).toContainText(zhAccounts.profile.sessionCurrent);
  await user.locator('[data-testid="session-row"]:not([data-current])').getByTestId("end-session").click();
  await user.getByRole("dialog").getByRole("button", { name: zhAccounts.profile.sessionEnd }).click();
  await expect(rows).toHaveCount(1);
  await other.goto("/profile");
  await expect(other).toHaveURL(/\/login/);
  await otherContext.close();

  await admin.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await admin.getByRole("link", { name: email }).click();
  await expect(admin.getByTestId("admin-user-email")).toHaveText(email);
  await admin.getByTestId("user-disable").click();
  await admin.getByRole("dialog").getByRole("button", { name: "Disable" }).click();
  await expect(admin.getByTestId("user-status")).toHaveText(enAccounts.statuses.disabled);

  // The user's next navigation lands on the login page, and logging in is refused.
  await user.goto("/profile");
  await expect(user).toHaveURL(/\/login/);
  await login(user, email, password);
  await expect(user.getByTestId("form-error")).toHaveText("此账户已被停用，请联系客服。");

  await userContext.close();
  await admin.context().close();
});
