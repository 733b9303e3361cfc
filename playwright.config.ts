import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_BASE_URL, E2E_METRICS_TOKEN, E2E_PORT } from "./e2e/fixtures";

// Debian's Chromium; Playwright's own browser download is never used (these machines reach only npm and
// Debian). Without /usr/bin/chromium, Playwright falls back to a browser it installed itself, if any.
const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  // Two cores, and the server builds and serves on the same machine: one browser at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // A budget, not a measurement: the flows sign up, hash passwords with argon2 and render many pages, and CI's
  // two cores may be busy building. Speed is measured by `npm run bench`, never here.
  timeout: 90_000,
  forbidOnly: !!process.env.CI,
  reporter: "list",
  use: {
    baseURL: E2E_BASE_URL,
    headless: true,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "node e2e/serve.mjs",
    url: `${E2E_BASE_URL}/api/healthz`,
    // The first run builds the app (30-60 s on two idle cores, more when the machine is busy).
    timeout: 10 * 60 * 1000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      E2E_PORT: String(E2E_PORT),
      E2E_ADMIN_EMAIL,
      E2E_ADMIN_PASSWORD,
      METRICS_TOKEN: E2E_METRICS_TOKEN,
      // Relays on the local engine call the admission endpoint from inside their container: the app (`next
      // start`, every interface) at the Docker bridge's gateway. e2e/tailnet.spec.ts needs admission to work.
      RELAY_ADMISSION_BASE_URL: `http://${process.env.E2E_DOCKER_GATEWAY || "172.17.0.1"}:${E2E_PORT}`,
      // Traffic sampling and quota enforcement every 5 s, so the tailnet spec sees usage and a quota stop quickly.
      TRAFFIC_SAMPLE_INTERVAL_SECONDS: process.env.TRAFFIC_SAMPLE_INTERVAL_SECONDS || "5",
      RENTAL_JOB_INTERVAL_SECONDS: process.env.RENTAL_JOB_INTERVAL_SECONDS || "5",
    },
  },
});
