import type { Db } from "@/db/client";
import { servers, type NewServer, type Server } from "@/db/schema";
import { testAdmin, unique } from "./db";
import { makeRegion } from "./regions";

/**
 * Servers inserted directly (the servers CRUD is another module), reaching the local engine through its socket
 * unless told otherwise. Port ranges are random and high, so parallel test files (and other work on the same
 * engine) do not collide on published ports.
 */
export async function makeServer(db: Db, overrides: Partial<NewServer> = {}): Promise<Server> {
  const region = await makeRegion(db, testAdmin);
  const derpBase = 21_000 + Math.floor(Math.random() * 2_000) * 10;
  const stunBase = 42_000 + Math.floor(Math.random() * 2_000) * 10;
  const [server] = await db
    .insert(servers)
    .values({
      name: unique("server"),
      regionId: region.id,
      publicIpv4: "127.0.0.1",
      derpPortMin: derpBase,
      derpPortMax: derpBase + 9,
      stunPortMin: stunBase,
      stunPortMax: stunBase + 9,
      capacity: 5,
      networkMode: "bridge",
      relayMemoryLimitBytes: 256 * 1024 * 1024,
      relayCpuLimit: 0.5,
      dockerConnection: { kind: "socket", socketPath: "/var/run/docker.sock" },
      ...overrides,
    })
    .returning();
  return server;
}

/** A server whose engine is never reached (disabled, socket path missing): for tests of stored data only. */
export function makeOfflineServer(db: Db, overrides: Partial<NewServer> = {}): Promise<Server> {
  return makeServer(db, { enabled: false, dockerConnection: { kind: "socket", socketPath: "/nonexistent/derp-test/docker.sock" }, ...overrides });
}

export { removeRelayContainersOf } from "./relay-containers";

/** The content of one file in a tar (what getArchive returns for a single file). */
export function fileFromTar(tar: Buffer): string {
  const size = parseInt(tar.subarray(124, 136).toString("ascii").replace(/\0.*$/, "").trim(), 8);
  return tar.subarray(512, 512 + size).toString("utf8");
}
