import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import enBilling from "../messages/en/billing.json";
import enErrors from "../messages/en/errors.json";
import enRegions from "../messages/en/regions.json";
import { adminPage, verifiedCustomer } from "./session";

// Admin: plan → batch of 5 → export. Customer (signed up through the API, code from the outbox): redeems
// one code in the portal and sees the rental, the order and the history entry. Admin: the revenue shows.

test("plan, region, batch of 5, export; a customer redeems one in that region and sees rental, order and history; finance shows the revenue", async ({ browser }) => {
  const planName = `E2E plan ${Date.now().toString(36)}`;
  const admin = await adminPage(browser);

  // A plan: 30 days, 50 GB, 2 devices, $12.34.
  await admin.goto("/admin/plans");
  await admin.locator("#nameEn").fill(planName);
  await admin.locator("#nameZh").fill(`测试套餐 ${planName.slice(-6)}`);
  await admin.locator("#durationDays").fill("30");
  await admin.locator("#trafficQuotaGb").fill("50");
  await admin.locator("#deviceLimit").fill("2");
  await admin.locator("#currency").fill("USD");
  // A refused form keeps what was typed and says what is wrong next to the field.
  await admin.locator("#price").fill("12.345");
  await admin.getByTestId("plan-submit").click();
  await expect(admin.locator("#price-error")).toBeVisible();
  await expect(admin.locator("#nameEn")).toHaveValue(planName);
  await admin.locator("#price").fill("12.34");
  await admin.getByTestId("plan-submit").click();
  await expect(admin.getByText(enBilling.plans.createdOk)).toBeVisible();
  await expect(admin.getByTestId("plans-table")).toContainText(planName);

  // A region: a bad code is refused next to the field and what was typed stays; then it is created.
  const regionCode = `e2e-${Date.now().toString(36)}`;
  await admin.goto("/admin/regions");
  await admin.locator("#code").fill("Bad Code!");
  await admin.locator("#nameEn").fill("E2E Harbour");
  await admin.locator("#nameZh").fill("测试港");
  await admin.locator("#country").fill("hk");
  await admin.getByTestId("region-submit").click();
  await expect(admin.locator("#code-error")).toBeVisible();
  await expect(admin.locator("#nameEn")).toHaveValue("E2E Harbour");
  await admin.locator("#code").fill(regionCode);
  await admin.getByTestId("region-submit").click();
  await expect(admin.getByText(enRegions.createdOk)).toBeVisible();
  await expect(admin.locator(`[data-testid="region-row"][data-code="${regionCode}"]`)).toContainText("E2E Harbour");

  // A batch of 5; the codes are shown once.
  await admin.goto("/admin/serials");
  const option = admin.locator("#planId option", { hasText: planName });
  await admin.locator("#planId").selectOption(await option.getAttribute("value"));
  await admin.locator("#count").fill("5");
  await admin.locator("#channel").fill("e2e-shop");
  // A refused price keeps the whole form as typed, the plan included.
  await admin.locator("#price").fill("1.234");
  await admin.getByTestId("generate-submit").click();
  await expect(admin.locator("#price-error")).toBeVisible();
  await expect(admin.locator("#planId")).toHaveValue((await option.getAttribute("value"))!);
  await expect(admin.locator("#count")).toHaveValue("5");
  await expect(admin.locator("#channel")).toHaveValue("e2e-shop");
  await admin.locator("#price").fill("");
  await admin.getByTestId("generate-submit").click();
  const shown = admin.getByTestId("generated-codes");
  await expect(shown).toBeVisible();
  const codes = (await shown.inputValue()).trim().split("\n");
  expect(codes).toHaveLength(5);
  for (const c of codes) expect(c).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
  // A generated batch empties the whole form for the next one; the codes can be copied.
  await expect(admin.locator("#planId")).toHaveValue("");
  await expect(admin.locator("#count")).toHaveValue("10");
  await expect(admin.locator("#channel")).toHaveValue("");
  await admin.getByTestId("copy-codes").click();
  await expect(admin.getByTestId("copy-codes")).toHaveText(enBilling.serials.copied);

  // The batch page: 5 unused; the CSV export holds exactly these codes.
  await admin.getByTestId("open-batch").click();
  await expect(admin.getByTestId("count-unused")).toHaveText("5");
  const batchUrl = admin.url();
  const [download] = await Promise.all([admin.waitForEvent("download"), admin.getByTestId("export-csv").click()]);
  expect(download.suggestedFilename()).toMatch(/^serials-.*\.csv$/);
  const csv = readFileSync(await download.path(), "utf8");
  const exported = csv.trim().split("\n").slice(1).map((line) => line.split(",")[0]);
  expect(exported.sort()).toEqual([...codes].sort());

  // The customer: empty dashboard, then redeem a code typed in lower case with spaces.
  const user = await verifiedCustomer(browser, admin, `e2e-billing-${Date.now().toString(36)}@example.com`);
  await expect(user.getByText(enBilling.dashboard.emptyTitle)).toBeVisible();
  await user.getByTestId("empty-activate").click();
  await expect(user).toHaveURL(/\/activate$/);
  const mistyped = codes[0].slice(0, 22) + (codes[0][22] === "0" ? "1" : "0");
  // Other text is not "read as" a code; a mistyped code gets one error, before and after submitting.
  await user.getByTestId("activate-region").selectOption({ label: "E2E Harbour" });
  await user.locator("#code").fill("hello world");
  await expect(user.getByTestId("code-preview")).toHaveCount(0);
  await user.locator("#code").fill(mistyped);
  await expect(user.locator("#code-error")).toHaveText(enBilling.activate.typo);
  await user.getByTestId("activate-submit").click();
  await expect(user.locator("#code-error")).toHaveText(enErrors.serial_check);
  await expect(user.getByTestId("form-error")).toHaveCount(0);
  // The refusal keeps the region chosen.
  await expect(user.getByTestId("activate-region").locator("option:checked")).toHaveText("E2E Harbour");
  await user.locator("#code").fill(codes[0].toLowerCase().replace(/-/g, " "));
  await expect(user.getByTestId("code-preview")).toContainText(codes[0]);
  await user.getByTestId("activate-submit").click();
  await expect(user.getByTestId("activate-success")).toContainText(planName);

  // The rental, "being prepared".
  await user.goto("/");
  const card = user.getByTestId("rental-card");
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId("rental-plan")).toHaveText(planName);
  await expect(card.getByTestId("rental-status")).toHaveText(enBilling.status.pending);
  await expect(card.getByTestId("rental-region")).toHaveText("E2E Harbour");
  await expect(card).toContainText("30 days left");
  await expect(card).toContainText("0 of 2");

  // The order and the history entry.
  await user.goto("/orders");
  await expect(user.getByTestId("orders-table")).toContainText(planName);
  await expect(user.getByTestId("order-amount").first()).toHaveText("$12.34");
  await user.goto("/history");
  await expect(user.getByTestId("history-table").locator('[data-type="redeemed"]')).toContainText(
    `Redeemed a serial code for ${planName} (30 days)`,
  );

  // Admin: the batch shows one redeemed code; the finance page shows the revenue of this plan.
  await admin.goto(batchUrl);
  await expect(admin.getByTestId("count-redeemed")).toHaveText("1");
  await expect(admin.getByTestId("codes-table").locator("tr", { hasText: codes[0].slice(-5) })).toContainText(enBilling.codeStatus.redeemed);
  await admin.goto("/admin/finance");
  await expect(admin.getByTestId("finance-total")).toContainText("$");
  const row = admin.getByTestId("finance-per-plan").locator("tr", { hasText: planName });
  await expect(row).toContainText("$12.34");
  await expect(admin.getByTestId("finance-per-channel")).toContainText("e2e-shop");
  await expect(admin.getByTestId("chart-revenue-USD")).toBeVisible();
});
