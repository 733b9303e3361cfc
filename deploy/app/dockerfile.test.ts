import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The images cannot be built here (no base images can be pulled), so this reads the Dockerfile: what the issue
// names (multi-stage, non-root, health check on /api/healthz, Next's standalone output) and that the worker
// image holds every folder its code imports. The standalone server and the worker were run from exactly
// these files by hand (README "Production deployment").

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const text = readFileSync(new URL("./Dockerfile", import.meta.url), "utf8");

/** Instructions with their continuation lines joined, comments dropped, grouped by stage name. */
function stages(dockerfile: string): Map<string, string[]> {
  const lines = dockerfile.replace(/\\\n\s*/g, " ").split("\n").map((l) => l.trim().replace(/\s+/g, " ")).filter((l) => l && !l.startsWith("#"));
  const result = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of lines) {
    const from = /^FROM\s+\S+\s+AS\s+(\S+)$/i.exec(line);
    if (from) result.set(from[1], (current = [line]));
    else if (/^FROM\s/i.test(line)) throw new Error(`a stage without a name: ${line}`);
    else current?.push(line);
  }
  return result;
}

const all = stages(text);
const stage = (name: string) => {
  const s = all.get(name);
  if (!s) throw new Error(`no stage ${name}`);
  return s;
};
const last = (lines: string[], instruction: string) => lines.filter((l) => l.startsWith(`${instruction} `)).at(-1);

describe("deploy/app/Dockerfile", () => {
  it("is multi-stage: the runtime images do not carry the build's dev dependencies", () => {
    expect([...all.keys()]).toEqual(["deps", "prod-deps", "build", "app", "worker"]);
    expect(stage("prod-deps").join("\n")).toContain("npm ci --omit=dev");
    for (const runtime of ["app", "worker"]) {
      expect(stage(runtime)[0]).toBe(`FROM \${NODE_IMAGE} AS ${runtime}`);
      expect(stage(runtime).join("\n")).not.toMatch(/--from=deps\b/);
    }
  });

  it("builds Next's standalone output and runs its server.js", () => {
    expect(stage("build")).toContain("RUN npm run build");
    expect(stage("build").join("\n")).toMatch(/ENV .*NEXT_OUTPUT=standalone/);
    // next.config.ts turns standalone on from exactly that variable.
    expect(readFileSync(path.join(ROOT, "next.config.ts"), "utf8")).toContain('output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined');
    expect(stage("app")).toContain("COPY --from=build /src/.next/standalone ./");
    expect(stage("app")).toContain("COPY --from=build /src/.next/static ./.next/static");
    // With the preload that makes SIGTERM a graceful stop behind a pooling proxy (the scale-out proof runs it).
    expect(last(stage("app"), "CMD")).toBe('CMD ["node", "--import", "./scripts/graceful-stop.mjs", "server.js"]');
    expect(stage("app")).toContain("COPY scripts/graceful-stop.mjs ./scripts/graceful-stop.mjs");
    expect(existsSync(path.join(ROOT, "scripts/graceful-stop.mjs"))).toBe(true);
  });

  it("runs both images as a numeric non-root user", () => {
    for (const runtime of ["app", "worker"]) {
      const user = last(stage(runtime), "USER");
      expect(user, runtime).toMatch(/^USER [1-9]\d*:[1-9]\d*$/);
      // Nothing after USER may need root.
      const after = stage(runtime).slice(stage(runtime).indexOf(user!));
      expect(after.filter((l) => l.startsWith("RUN ")), runtime).toEqual([]);
    }
  });

  it("health-checks the app on /api/healthz", () => {
    const check = last(stage("app"), "HEALTHCHECK");
    expect(check).toMatch(/^HEALTHCHECK --interval=\d+s --timeout=\d+s --start-period=\d+s --retries=\d+ CMD \[/);
    expect(check).toContain("/api/healthz");
    expect(check).toContain("process.env.PORT||3000");
    expect(stage("app")).toContain("EXPOSE 3000");
  });

  it("runs the worker with tsx, which is a production dependency", () => {
    expect(last(stage("worker"), "CMD")).toBe('CMD ["node_modules/.bin/tsx", "worker/index.ts"]');
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.dependencies.tsx).toBeDefined();
    expect(pkg.scripts.worker).toBe("tsx worker/index.ts");
  });

  it("copies into the worker image every folder that the worker and the scripts import", () => {
    const copied = new Set(
      stage("worker").flatMap((l) => /^COPY (?!--from)(.+) \S+$/.exec(l)?.[1].split(" ") ?? []),
    );
    const seen = new Set<string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) {
          for (const m of readFileSync(file, "utf8").matchAll(/(?:from |import\()"@\/([\w-]+)/g)) seen.add(m[1]);
        }
      }
    };
    for (const folder of copied) if (existsSync(path.join(ROOT, folder)) && statSync(path.join(ROOT, folder)).isDirectory()) walk(path.join(ROOT, folder));
    expect(seen.size).toBeGreaterThan(3);
    for (const folder of seen) expect(copied, `@/${folder} is imported but not copied`).toContain(folder);
    expect(copied).toContain("tsconfig.json"); // the @/ paths
    expect(stage("worker").join("\n")).toContain("postgresql-client"); // pg_dump for the backups
  });

  it("keeps local data, builds and secrets out of the build context", () => {
    const ignored = readFileSync(path.join(ROOT, ".dockerignore"), "utf8").split("\n");
    for (const entry of ["node_modules", ".next*", "data", ".env", ".git", "deploy/k8s/secrets.env"]) expect(ignored).toContain(entry);
  });
});
