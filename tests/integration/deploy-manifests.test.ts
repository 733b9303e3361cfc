import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { loadEnv } from "@/lib/env";
import { dockerComposeForTests, kustomizeForTests } from "@/tests/helpers/deploy-tools";

// Renders deploy/docker-compose.yml and deploy/k8s with the real tools and checks what an operator would get.
// Nothing is started: the images cannot be pulled or built here.

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DEPLOY = path.join(ROOT, "deploy");
const scratch = mkdtempSync(path.join(os.tmpdir(), "derp-deploy-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Env = Record<string, string>;
const secret = () => randomBytes(24).toString("hex");

/** deploy/env.example with the blanks an operator must fill filled in. */
function filledComposeEnv(): { file: string; values: Env } {
  const values = { APP_SECRET: secret(), POSTGRES_PASSWORD: secret(), GRAFANA_ADMIN_PASSWORD: secret(), METRICS_TOKEN: secret() };
  const text = readFileSync(path.join(DEPLOY, "env.example"), "utf8").replace(
    /^(APP_SECRET|POSTGRES_PASSWORD|GRAFANA_ADMIN_PASSWORD|METRICS_TOKEN)=$/gm,
    (_, name: keyof typeof values) => `${name}=${values[name]}`,
  );
  const file = path.join(scratch, `compose-${randomBytes(3).toString("hex")}.env`);
  writeFileSync(file, text);
  return { file, values };
}

/** The real app validator, given exactly the environment a container gets. */
const appEnv = (environment: Env) => loadEnv(environment);

const compose = dockerComposeForTests();
const kustomize = kustomizeForTests();

describe.skipIf(!compose)("deploy/docker-compose.yml", () => {
  const composeVariables = new Set(
    [...readFileSync(path.join(DEPLOY, "docker-compose.yml"), "utf8").matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]),
  );
  const run = (envFile: string) =>
    spawnSync(compose!, ["-f", path.join(DEPLOY, "docker-compose.yml"), "--env-file", envFile, "config"], {
      encoding: "utf8",
      // The shell's variables win over the env file in compose: the tests' own APP_SECRET and APP_URL stay out.
      env: Object.fromEntries(Object.entries(process.env).filter(([name]) => !composeVariables.has(name))) as NodeJS.ProcessEnv,
    });

  it("refuses to render from env.example as committed: its secrets are blank", () => {
    const result = run(path.join(DEPLOY, "env.example"));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/set (APP_SECRET|POSTGRES_PASSWORD|GRAFANA_ADMIN_PASSWORD|METRICS_TOKEN) in deploy\/\.env/);
    for (const name of ["APP_SECRET", "POSTGRES_PASSWORD", "GRAFANA_ADMIN_PASSWORD", "METRICS_TOKEN", "ADMIN_PASSWORD", "RESEND_API_KEY"]) {
      expect(readFileSync(path.join(DEPLOY, "env.example"), "utf8")).toMatch(new RegExp(`^${name}=$`, "m"));
    }
  });

  const { file, values } = filledComposeEnv();
  const result = run(file);
  const config = result.status === 0 ? (parse(result.stdout) as { services: Record<string, Service>; volumes: Record<string, unknown> }) : null;
  interface Service {
    image: string;
    environment?: Env;
    healthcheck?: { test: string[] };
    ports?: { published?: number | string; host_ip?: string; target: number }[] | string[];
    volumes?: (string | { source: string; target: string; type: string; read_only?: boolean })[];
    depends_on?: Record<string, { condition: string }>;
    profiles?: string[];
    stop_grace_period?: string;
  }

  /** source -> target of a service's volumes ("source:target:mode" as docker-compose 1.29 prints them). */
  const mounts = (service: Service) =>
    Object.fromEntries((service.volumes ?? []).map((v) => (typeof v === "string" ? v.split(":").slice(0, 2) : [v.source, v.target])));

  it("renders with the secrets filled in", () => {
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(Object.keys(config!.services).sort()).toEqual(
      ["app1", "app2", "grafana", "nginx", "postgres", "prometheus", "redis", "relay-image", "worker"],
    );
    expect(Object.keys(config!.volumes).sort()).toEqual(["backups", "grafana", "postgres", "prometheus"]);
  });

  it("runs two app replicas behind nginx, health-checked on /api/healthz, with a production environment", () => {
    const { services } = config!;
    for (const name of ["app1", "app2"]) {
      const app = services[name];
      expect(app.image).toBe("derpmanagement/app:latest");
      expect(app.healthcheck?.test.join(" ")).toContain("http://127.0.0.1:3000/api/healthz");
      expect(app.ports ?? []).toEqual([]);
      expect(app.environment!.HOSTNAME).toBe("0.0.0.0");
      const e = appEnv(app.environment!);
      expect(e.NODE_ENV).toBe("production");
      expect(e.embedded).toBe(false);
      expect(e.runEmbeddedWorker).toBe(false);
      expect(e.TRUST_PROXY_HOPS).toBe(1);
      expect(e.APP_URL).toBe("https://derp.example.com");
      expect(e.APP_SECRET).toBe(values.APP_SECRET);
      expect(e.DATABASE_URL).toBe(`postgres://derp:${values.POSTGRES_PASSWORD}@postgres:5432/derpmanagement`);
      expect(e.REDIS_URL).toBe("redis://redis:6379");
      expect(e.RESEND_API_KEY).toBeUndefined();
      expect(app.environment!.METRICS_TOKEN).toBe(values.METRICS_TOKEN);
    }
    expect(services.nginx.depends_on).toEqual({ app1: { condition: "service_healthy" }, app2: { condition: "service_healthy" } });
  });

  it("runs the worker with the same database and secret, and its backups on a volume", () => {
    const worker = config!.services.worker;
    expect(worker.image).toBe("derpmanagement/worker:latest");
    const e = appEnv(worker.environment!);
    expect(e.embedded).toBe(false);
    expect(e.APP_SECRET).toBe(values.APP_SECRET);
    expect(e.DATABASE_URL).toBe(config!.services.app1.environment!.DATABASE_URL);
    expect(e.BACKUP_SCHEDULE).toBe(true);
    expect(worker.environment!.METRICS_TOKEN).toBe(values.METRICS_TOKEN);
    expect(worker.environment!.WORKER_METRICS_PORT).toBe("9464");
    expect(mounts(worker)["backups"]).toBe(e.backupDir);
  });

  it("gives the replicas and the worker time to stop gracefully (README \"Stopping gracefully\")", () => {
    const services = config!.services;
    expect([services.app1.stop_grace_period, services.app2.stop_grace_period, services.worker.stop_grace_period]).toEqual(["30s", "30s", "60s"]);
  });

  it("publishes only nginx to the world; Prometheus and Grafana on loopback; Postgres and Redis not at all", () => {
    const { services } = config!;
    // docker-compose 1.29 prints "127.0.0.1:9090:9090/tcp" for a port bound to an address, an object otherwise.
    const hostIp = (p: string | { host_ip?: string }) => (typeof p === "string" ? (p.split(":").length === 3 ? p.split(":")[0] : undefined) : p.host_ip);
    const published = Object.entries(services).flatMap(([name, s]) => (s.ports ?? []).map((p) => ({ name, hostIp: hostIp(p) })));
    expect(published.filter((p) => p.hostIp !== "127.0.0.1").map((p) => p.name)).toEqual(["nginx"]);
    expect(published.filter((p) => p.hostIp === "127.0.0.1").map((p) => p.name).sort()).toEqual(["grafana", "prometheus"]);
    expect(services.postgres.ports).toBeUndefined();
    expect(services.redis.ports).toBeUndefined();
    expect(services.postgres.environment!.POSTGRES_PASSWORD).toBe(values.POSTGRES_PASSWORD);
    expect(services.grafana.environment!.GF_SECURITY_ADMIN_PASSWORD).toBe(values.GRAFANA_ADMIN_PASSWORD);
    for (const name of ["nginx", "app1", "app2", "postgres", "redis", "prometheus", "grafana"]) {
      expect(services[name].healthcheck?.test.length, name).toBeGreaterThan(1);
    }
  });

  it("gives nginx the server block and an upstream of exactly the app replicas", () => {
    const nginx = mounts(config!.services.nginx);
    expect(nginx[path.join(DEPLOY, "nginx", "derpmanagement.conf")]).toBe("/etc/nginx/conf.d/default.conf");
    expect(nginx[path.join(DEPLOY, "nginx", "upstream.compose.conf")]).toBe("/etc/nginx/derpmanagement-upstream.conf");

    const upstream = readFileSync(path.join(DEPLOY, "nginx", "upstream.compose.conf"), "utf8");
    expect(upstream).toMatch(/upstream derpmanagement_app \{/);
    const servers = [...upstream.matchAll(/^\s*server\s+([\w-]+):(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`);
    const appServices = Object.entries(config!.services).filter(([, s]) => s.image === "derpmanagement/app:latest").map(([n]) => `${n}:3000`);
    expect(servers.sort()).toEqual(appServices.sort());
  });

  // The server block itself is kept in deploy/nginx/derpmanagement.conf (and tested with a real nginx there).
  it.runIf(existsSync(path.join(DEPLOY, "nginx", "derpmanagement.conf")))("the server block includes that upstream", () => {
    const conf = readFileSync(path.join(DEPLOY, "nginx", "derpmanagement.conf"), "utf8");
    expect(conf).toContain("include /etc/nginx/derpmanagement-upstream.conf;");
    expect(conf).toMatch(/proxy_pass\s+http:\/\/derpmanagement_app/);
  });
});

describe.skipIf(!kustomize)("deploy/k8s (kustomize build)", () => {
  /** deploy/k8s copied, with secrets.env made from the committed example (optionally filled in). */
  function build(secrets: Env | null): { status: number | null; stderr: string; docs: K8s[] } {
    const dir = path.join(scratch, `k8s-${randomBytes(3).toString("hex")}`);
    cpSync(path.join(DEPLOY, "k8s"), dir, { recursive: true, filter: (src) => path.basename(src) !== "secrets.env" });
    const example = readFileSync(path.join(dir, "secrets.env.example"), "utf8");
    writeFileSync(
      path.join(dir, "secrets.env"),
      secrets ? example.replace(/^([A-Z_]+)=$/gm, (line, name: string) => (name in secrets ? `${name}=${secrets[name]}` : line)) : example,
    );
    const r = spawnSync(kustomize!, ["build", dir], { encoding: "utf8" });
    return { status: r.status, stderr: r.stderr, docs: r.status === 0 ? parseAllDocuments(r.stdout).map((d) => d.toJS() as K8s) : [] };
  }
  interface K8s {
    kind: string;
    metadata: { name: string; labels?: Env };
    spec: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- each kind has its own shape
    data?: Env;
  }
  const find = (docs: K8s[], kind: string, name: string) => {
    const doc = docs.find((d) => d.kind === kind && d.metadata.name === name);
    expect(doc, `${kind} ${name}`).toBeDefined();
    return doc!;
  };
  const decode = (data: Env = {}) => Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]));

  it("commits no secret: the Secret rendered from secrets.env.example has only empty values", () => {
    const { status, stderr, docs } = build(null);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const secretDoc = docs.find((d) => d.kind === "Secret")!;
    const values = decode(secretDoc.data);
    expect(Object.keys(values)).toEqual(expect.arrayContaining(["APP_SECRET", "DATABASE_URL", "REDIS_URL"]));
    expect(Object.values(values).every((v) => v === "")).toBe(true);
    expect(existsSync(path.join(DEPLOY, "k8s", "secrets.env")) ? execFileSync("git", ["-C", ROOT, "ls-files", "deploy/k8s/secrets.env"], { encoding: "utf8" }) : "").toBe("");
  });

  const secrets = {
    DATABASE_URL: `postgres://derp:${secret()}@postgres.example.internal:5432/derpmanagement`,
    REDIS_URL: "redis://redis.example.internal:6379",
    APP_SECRET: secret(),
  };
  const { docs } = build(secrets);
  const app = () => find(docs, "Deployment", "derpmanagement-app");
  const worker = () => find(docs, "Deployment", "derpmanagement-worker");
  const podEnv = (deployment: K8s): Env => {
    const container = deployment.spec.template.spec.containers[0];
    const merged: Env = {};
    for (const source of container.envFrom as { configMapRef?: { name: string }; secretRef?: { name: string } }[]) {
      if (source.configMapRef) Object.assign(merged, find(docs, "ConfigMap", source.configMapRef.name).data);
      if (source.secretRef) Object.assign(merged, decode(find(docs, "Secret", source.secretRef.name).data));
    }
    return merged;
  };

  it("renders every kind the issue names", () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name.replace(/-[a-z0-9]{10}$/, "")}`).sort()).toEqual([
      "ConfigMap/derpmanagement-config",
      "Deployment/derpmanagement-app",
      "Deployment/derpmanagement-worker",
      "HorizontalPodAutoscaler/derpmanagement-app",
      "Ingress/derpmanagement",
      "Namespace/derpmanagement",
      "PodDisruptionBudget/derpmanagement-app",
      "Secret/derpmanagement-secrets",
      "Service/derpmanagement-app",
    ]);
  });

  it("runs 2 app replicas, probed on /api/healthz, as a non-root user", () => {
    const spec = app().spec;
    expect(spec.replicas).toBe(2);
    expect(spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    const pod = spec.template.spec;
    const [container] = pod.containers;
    expect(container.image).toBe("derpmanagement/app:latest");
    const port = container.ports.find((p: { name: string }) => p.name === "http");
    expect(port.containerPort).toBe(3000);
    for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
      expect(container[probe].httpGet, probe).toEqual({ path: "/api/healthz", port: "http" });
    }
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(container.env).toContainEqual({ name: "HOSTNAME", value: "0.0.0.0" });
  });

  it("gives the app pods a production environment that the app's own validator accepts", () => {
    const e = appEnv(podEnv(app()));
    expect(e.NODE_ENV).toBe("production");
    expect(e.embedded).toBe(false);
    expect(e.runEmbeddedWorker).toBe(false);
    expect(e.TRUST_PROXY_HOPS).toBe(1);
    expect(e.APP_URL).toBe(`https://${find(docs, "Ingress", "derpmanagement").spec.rules[0].host}`);
    expect(e.APP_SECRET).toBe(secrets.APP_SECRET);
    expect(e.DATABASE_URL).toBe(secrets.DATABASE_URL);
    expect(e.REDIS_URL).toBe(secrets.REDIS_URL);
  });

  it("runs one worker, non-root, with the same configuration", () => {
    const spec = worker().spec;
    expect(spec.replicas).toBe(1);
    const pod = spec.template.spec;
    expect(pod.containers[0].image).toBe("derpmanagement/worker:latest");
    expect(pod.containers[0].ports).toEqual([{ name: "metrics", containerPort: Number(podEnv(worker()).WORKER_METRICS_PORT) }]);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(podEnv(worker())).toEqual(podEnv(app()));
    expect(appEnv(podEnv(worker())).embedded).toBe(false);
  });

  it("keeps one app pod through disruptions and scales from 2 by CPU", () => {
    const podLabels = app().spec.template.metadata.labels;
    const pdb = find(docs, "PodDisruptionBudget", "derpmanagement-app").spec;
    expect(pdb.minAvailable).toBe(1);
    expect(podLabels).toMatchObject(pdb.selector.matchLabels);
    expect(worker().spec.template.metadata.labels).not.toMatchObject(pdb.selector.matchLabels);
    const hpa = find(docs, "HorizontalPodAutoscaler", "derpmanagement-app").spec;
    expect(hpa.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: "derpmanagement-app" });
    expect(hpa.minReplicas).toBe(2);
    expect(hpa.maxReplicas).toBeGreaterThan(2);
    expect(hpa.metrics[0].resource).toMatchObject({ name: "cpu" });
  });

  it("routes the Ingress through the Service to the app pods' http port, with a body cap", () => {
    const service = find(docs, "Service", "derpmanagement-app").spec;
    expect(app().spec.template.metadata.labels).toMatchObject(service.selector);
    expect(worker().spec.template.metadata.labels).not.toMatchObject(service.selector);
    expect(service.ports[0].targetPort).toBe("http");
    const ingress = find(docs, "Ingress", "derpmanagement");
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    expect(backend).toEqual({ name: "derpmanagement-app", port: { name: service.ports[0].name } });
    expect(ingress.metadata).toMatchObject({ annotations: { "nginx.ingress.kubernetes.io/proxy-body-size": "1m" } });
  });

  it.runIf(existsSync(path.join(DEPLOY, "nginx", "derpmanagement.conf")))("caps bodies and times out like the compose nginx", () => {
    const conf = readFileSync(path.join(DEPLOY, "nginx", "derpmanagement.conf"), "utf8");
    const directive = (name: string) => new RegExp(`^\\s*${name}\\s+(\\S+?)s?;`, "m").exec(conf)?.[1];
    const annotations = find(docs, "Ingress", "derpmanagement").metadata as unknown as { annotations: Env };
    const annotation = (name: string) => annotations.annotations[`nginx.ingress.kubernetes.io/${name}`];
    expect(annotation("proxy-body-size")).toBe(directive("client_max_body_size"));
    expect(annotation("proxy-connect-timeout")).toBe(directive("proxy_connect_timeout"));
    expect(annotation("proxy-send-timeout")).toBe(directive("proxy_send_timeout"));
    expect(annotation("proxy-read-timeout")).toBe(directive("proxy_read_timeout"));
  });
});
