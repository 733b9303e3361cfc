import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "./env";

const secret = "s".repeat(40);

describe("loadEnv", () => {
  it("names the malformed variable", () => {
    expect(() => loadEnv({ PORT: "http", APP_SECRET: secret })).toThrow(/PORT/);
    expect(() => loadEnv({ DATABASE_URL: "mysql://x", APP_SECRET: secret })).toThrow(/DATABASE_URL/);
    expect(() => loadEnv({ LOG_RETENTION_DAYS: "-3", APP_SECRET: secret })).toThrow(/LOG_RETENTION_DAYS/);
    expect(() => loadEnv({ APP_SECRET: "short" })).toThrow(/APP_SECRET/);
    expect(() => loadEnv({ RESEND_API_KEY: "re_x", APP_SECRET: secret })).toThrow(/MAIL_FROM/);
  });

  it("refuses to start in production on Postgres without APP_SECRET", () => {
    const run = () => loadEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://db/x" });
    expect(run).toThrow(EnvError);
    expect(run).toThrow(/APP_SECRET/);
  });

  it("generates and keeps a secret for the embedded mode", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "derp-env-"));
    const first = loadEnv({ NODE_ENV: "production", DATA_DIR: dir });
    const second = loadEnv({ NODE_ENV: "production", DATA_DIR: dir });
    expect(first.APP_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(second.APP_SECRET).toBe(first.APP_SECRET);
    expect(readFileSync(path.join(dir, "app-secret"), "utf8").trim()).toBe(first.APP_SECRET);
    expect(first.embedded).toBe(true);
    expect(first.runEmbeddedWorker).toBe(true);
    expect(first.pgliteDir).toBe(path.join(dir, "pglite"));
  });

  it("derives APP_URL from PORT and treats empty strings as unset", () => {
    const e = loadEnv({ PORT: "4100", APP_SECRET: secret, DATABASE_URL: "", REDIS_URL: "" });
    expect(e.APP_URL).toBe("http://localhost:4100");
    expect(e.embedded).toBe(true);
    expect(e.REDIS_URL).toBeUndefined();
  });

  it("reads the metrics settings: a long enough token, a list of addresses and networks", () => {
    const e = loadEnv({ APP_SECRET: secret, METRICS_TOKEN: "t".repeat(16), METRICS_ALLOW_FROM: " 10.0.0.0/8, 192.0.2.7 ,::1", WORKER_METRICS_PORT: "9464" });
    expect(e.METRICS_ALLOW_FROM).toEqual(["10.0.0.0/8", "192.0.2.7", "::1"]);
    expect(e.WORKER_METRICS_PORT).toBe(9464);
    expect(loadEnv({ APP_SECRET: secret }).METRICS_TOKEN).toBeUndefined();
    expect(() => loadEnv({ APP_SECRET: secret, METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN/);
    expect(() => loadEnv({ APP_SECRET: secret, METRICS_ALLOW_FROM: "10.0.0.0/8,example.com" })).toThrow(/METRICS_ALLOW_FROM/);
    expect(() => loadEnv({ APP_SECRET: secret, METRICS_ALLOW_FROM: "10.0.0.0/40" })).toThrow(/METRICS_ALLOW_FROM/);
  });
});
