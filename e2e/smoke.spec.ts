import { expect, test, type Browser } from "@playwright/test";
import enCommon from "../messages/en/common.json";
import enErrors from "../messages/en/errors.json";
import zhCommon from "../messages/zh-CN/common.json";

async function openHome(browser: Browser, locale: string) {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  await page.goto("/");
  return { context, page };
}

test("the home page follows Accept-Language: English", async ({ browser }) => {
  const { context, page } = await openHome(browser, "en");
  await expect(page.getByTestId("home-title")).toHaveText(enCommon.home.title);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByTestId("language-switcher")).toHaveValue("en");
  await context.close();
});

test("the home page follows Accept-Language: Chinese", async ({ browser }) => {
  const { context, page } = await openHome(browser, "zh-CN");
  await expect(page.getByTestId("home-title")).toHaveText(zhCommon.home.title);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByTestId("language-switcher")).toHaveValue("zh-CN");
  await context.close();
});

test("the language switcher changes the language and the choice survives a reload", async ({ browser }) => {
  const { context, page } = await openHome(browser, "en");
  await expect(page.getByTestId("home-title")).toHaveText(enCommon.home.title);

  await page.getByTestId("language-switcher").selectOption("zh-CN");
  await expect(page.getByTestId("home-title")).toHaveText(zhCommon.home.title);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");

  // The browser still asks for English; only the stored choice can keep the page in Chinese.
  await page.reload();
  await expect(page.getByTestId("home-title")).toHaveText(zhCommon.home.title);
  await expect(page.getByTestId("language-switcher")).toHaveValue("zh-CN");
  expect((await context.cookies()).find((c) => c.name === "NEXT_LOCALE")?.value).toBe("zh-CN");
  await context.close();
});

test("/api/healthz reports a reachable, fully migrated database", async ({ request }) => {
  const response = await request.get("/api/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ data: { db: "ok", migrations: "current" } });
});

test("an unknown /api path answers with a JSON 404", async ({ request }) => {
  const response = await request.get("/api/no-such-route/42", { headers: { "Accept-Language": "en" } });
  expect(response.status()).toBe(404);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(await response.json()).toEqual({ error: { code: "api_not_found", message: enErrors.api_not_found } });
});

test("pages have a favicon and ask for nothing that is missing", async ({ browser }) => {
  const { context, page } = await openHome(browser, "en");
  const missing: string[] = [];
  page.on("response", (r) => {
    if (r.status() === 404) missing.push(r.url());
  });
  await page.goto("/login");
  await page.waitForLoadState("networkidle");
  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(icon).toMatch(/^\/icon\.svg/);
  const response = await page.request.get(icon!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("image/svg+xml");
  expect(missing).toEqual([]);
  await context.close();
});
