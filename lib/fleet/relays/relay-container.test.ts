import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadEnv } from "@/lib/env";
import { usageOf } from "../monitor/container-stats";
import { relayCreateOptions, relayEnvironment, type RelayContainerRow, type RelayHost } from "./relay-container";
import { lowestFree } from "./relay-ports";

const host: RelayHost = {
  id: "11111111-1111-4111-8111-111111111111",
  publicIpv4: "203.0.113.10",
  publicIpv6: "2001:db8::10",
  networkMode: "bridge",
  relayCpuLimit: 1.5,
  relayMemoryLimitBytes: 128 * 1024 * 1024,
};
const relay: RelayContainerRow = {
  id: "22222222-2222-4222-8222-222222222222",
  serverId: host.id,
  kind: "customer",
  containerName: "derpm-relay-22222222-2222-4222-8222-222222222222",
  derpPort: 8443,
  stunPort: 3479,
  hostname: "203.0.113.10",
  certPem: null,
  certKeySealed: null,
};
const options = { image: "derpmanagement/derper:test", admissionUrl: "https://panel.example.com/api/derp/admission/s3cret" };

describe("relay containers", () => {
  it("configure derper only through variables the entrypoint knows, failing closed", () => {
    const source = readFileSync("deploy/relay/entrypoint/flags.go", "utf8");
    const known = new Set([...source.matchAll(/"(DERP_[A-Z_]+)"/g)].map((m) => m[1]));
    const vars = relayEnvironment(relay, options.admissionUrl);
    for (const v of vars) expect(known, v).toContain(v.split("=")[0]);
    expect(vars).toContain("DERP_VERIFY_CLIENT_URL_FAIL_OPEN=false");
    expect(vars).toContain("DERP_HTTP_PORT=-1");
    expect(vars).toContain("DERP_CERT_MODE=manual");
  });

  it("publish the relay's ports on the server's addresses only in bridge mode, with limits and labels", () => {
    // Without the configuration-hash label, which hashes the certificate files this row does not have.
    const spec = relayCreateOptions(host, relay, options, false);
    expect(spec.HostConfig?.PortBindings).toEqual({
      "8443/tcp": [
        { HostIp: "203.0.113.10", HostPort: "8443" },
        { HostIp: "2001:db8::10", HostPort: "8443" },
      ],
      "3479/udp": [
        { HostIp: "203.0.113.10", HostPort: "3479" },
        { HostIp: "2001:db8::10", HostPort: "3479" },
      ],
    });
    expect(spec.HostConfig).toMatchObject({ NetworkMode: "bridge", NanoCpus: 1_500_000_000, Memory: 128 * 1024 * 1024, RestartPolicy: { Name: "unless-stopped" } });
    expect(spec.Labels).toEqual({
      "derpmanagement.managed": "true",
      "derpmanagement.relay-id": relay.id,
      "derpmanagement.kind": "customer",
      "derpmanagement.server-id": host.id,
    });

    const hostMode = relayCreateOptions({ ...host, networkMode: "host", relayCpuLimit: null, relayMemoryLimitBytes: null }, relay, options, false);
    expect(hostMode.HostConfig?.NetworkMode).toBe("host");
    expect(hostMode.HostConfig?.PortBindings).toBeUndefined();
    expect(hostMode.ExposedPorts).toBeUndefined();
    expect(hostMode.HostConfig?.NanoCpus).toBeUndefined();
    expect(hostMode.HostConfig?.Memory).toBeUndefined();
  });

  it("take the lowest free port of a range", () => {
    expect(lowestFree(8000, 8003, new Set([8000, 8002]))).toBe(8001);
    expect(lowestFree(8000, 8001, new Set([8000, 8001]))).toBeNull();
  });

  it("default to the relay image of the pinned derper version", () => {
    const pinned = /^TAILSCALE_VERSION=(\S+)$/m.exec(readFileSync("deploy/relay/versions.env", "utf8"))![1];
    expect(loadEnv({ APP_SECRET: "x".repeat(40) }).FLEET_RELAY_IMAGE).toBe(`derpmanagement/derper:${pinned}`);
  });
});

describe("docker stats", () => {
  it("computes CPU and memory as the docker CLI does", () => {
    const stats = {
      cpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 20_000_000_000, online_cpus: 4 },
      precpu_stats: { cpu_usage: { total_usage: 1_000_000_000 }, system_cpu_usage: 10_000_000_000 },
      memory_stats: { usage: 50_000_000, stats: { inactive_file: 10_000_000 } },
    };
    expect(usageOf(stats as never)).toEqual({ cpuPercent: 40, memoryBytes: 40_000_000 });
  });
});
