import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "@/lib/http/read-body";
import { NGINX_BIN, nginxAvailable, renderServerConf } from "./helpers/scale-out-cluster";

const conf = readFileSync(path.join(__dirname, "../deploy/nginx/derpmanagement.conf"), "utf8");

describe("deploy/nginx/derpmanagement.conf", () => {
  it("is rendered for a test machine by replacing only the upstream include and the listen lines", () => {
    const out = renderServerConf(conf, "/tmp/x/upstream.conf", 3550);
    expect(out).toContain("include /tmp/x/upstream.conf;");
    expect(out).toContain("listen 127.0.0.1:3550;");
    expect(out).not.toMatch(/listen (\[::\]:)?80;/);
    expect(out).not.toContain("/etc/nginx/derpmanagement-upstream.conf");
    // Everything else is the production file, line for line.
    const kept = (text: string) => text.split("\n").filter((l) => !/^\s*(listen|include) /.test(l));
    expect(kept(out)).toEqual(kept(conf));
  });

  it("refuses a file without the lines it replaces, so the test never runs a configuration of its own", () => {
    expect(() => renderServerConf(conf.replace("listen 80;", "listen 8080;"), "/tmp/u.conf", 1)).toThrow(/listen 80/);
    expect(() => renderServerConf(conf.replace("derpmanagement-upstream.conf", "other.conf"), "/tmp/u.conf", 1)).toThrow(/include/);
  });

  it("caps bodies just above the app's own limit, so the app answers its JSON 413 up to 1 MiB", () => {
    const [, size] = conf.match(/client_max_body_size (\d+)m;/) ?? [];
    const bytes = Number(size) * 1024 * 1024;
    expect(bytes).toBeGreaterThanOrEqual(MAX_BODY_BYTES);
    expect(bytes).toBeLessThan(2 * MAX_BODY_BYTES);
  });

  it("appends to X-Forwarded-For (the app reads it from the right) and never passes a client's Host through", () => {
    expect(conf).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    expect(conf).toMatch(/proxy_set_header X-Forwarded-Host \$host;/);
    // Only derper's admission call, which only reads, is resent after it reached a replica.
    expect(conf.match(/non_idempotent/g)).toHaveLength(1);
    expect(conf).toMatch(/location \^~ \/api\/derp\/admission\/ \{\s*proxy_next_upstream [^;]*non_idempotent;/);
  });

  // CI installs nginx (.ci/run): there it always runs, and fails without nginx; elsewhere it is skipped without.
  it.skipIf(!process.env.CI && !nginxAvailable())("is accepted by Debian's nginx (nginx -t) with an upstream file of two servers", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "derp-nginx-conf-"));
    try {
      mkdirSync(path.join(dir, "tmp"));
      writeFileSync(path.join(dir, "upstream.conf"), "upstream derpmanagement_app { server 127.0.0.1:3001; server 127.0.0.1:3002; keepalive 8; }\n");
      writeFileSync(path.join(dir, "server.conf"), renderServerConf(conf, path.join(dir, "upstream.conf"), 3550));
      writeFileSync(
        path.join(dir, "nginx.conf"),
        `pid ${dir}/nginx.pid;\nevents {}\nhttp {\n  client_body_temp_path ${dir}/tmp/b;\n  proxy_temp_path ${dir}/tmp/p;\n  fastcgi_temp_path ${dir}/tmp/f;\n  uwsgi_temp_path ${dir}/tmp/u;\n  scgi_temp_path ${dir}/tmp/s;\n  access_log off;\n  include ${dir}/server.conf;\n}\n`,
      );
      const r = spawnSync(NGINX_BIN, ["-t", "-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")], { encoding: "utf8" });
      expect(r.stderr).toContain("syntax is ok");
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
