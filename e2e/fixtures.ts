/**
 * Shared by playwright.config.ts (which hands these to e2e/serve.mjs) and the specs. No Playwright imports
 * here, so the config can load this file.
 */

/** The administrator the e2e server seeds (ADMIN_EMAIL/ADMIN_PASSWORD); specs log in with these. */
export const E2E_ADMIN_EMAIL = "admin@e2e.test";
export const E2E_ADMIN_PASSWORD = "e2e-Admin-Passw0rd!";

/** The e2e server's METRICS_TOKEN (e2e/serve.mjs sets it), for e2e/metrics.spec.ts. */
export const E2E_METRICS_TOKEN = "e2e-metrics-token-0123456789abcdef";

export const E2E_PORT = Number(process.env.E2E_PORT || 3210);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
