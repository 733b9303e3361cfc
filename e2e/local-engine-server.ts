import { expect, type Page } from "@playwright/test";

/**
 * This machine's Docker engine as a server of `region`, added through the admin API: relays on 127.0.0.1 with
 * DERP ports base..base+9 and STUN ports base+5000..base+5009, bridge networking, small limits. Resolves with its
 * id once the health check has it `up`, since placement takes only servers that are up.
 */
export async function addLocalEngineServer(admin: Page, name: string, region: string, base: number): Promise<string> {
  const res = await admin.request.post("/api/add_server", {
    data: {
      name,
      region,
      publicIpv4: "127.0.0.1",
      derpNaming: "ip",
      derpPortMin: base,
      derpPortMax: base + 9,
      stunPortMin: base + 5_000,
      stunPortMax: base + 5_009,
      capacity: 5,
      networkMode: "bridge",
      relayCpuLimit: 0.5,
      relayMemoryLimitBytes: 128 * 1024 * 1024,
      docker: { kind: "socket", socketPath: "/var/run/docker.sock" },
    },
  });
  expect(res.status(), `POST /api/add_server: ${await res.text()}`).toBe(201);
  const id = ((await res.json()) as { data: { id: string } }).data.id;
  await expect(async () => {
    const check = await admin.request.get("/api/server/health_check");
    const { items } = (await check.json()) as { items: { serverId: string; status: string }[] };
    expect(items.find((s) => s.serverId === id)?.status).toBe("up");
  }).toPass({ timeout: 90_000 });
  return id;
}
