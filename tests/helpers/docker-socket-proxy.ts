import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A Unix socket in front of the local Docker engine that a test can make "die": a server whose docker
 * connection points here looks like a host that stops answering, at a chosen moment, and comes back with its
 * containers intact (a second dockerd cannot come back: its helper deletes its data when stopped).
 *
 * - pass: every request goes through;
 * - dead: every connection is cut at once, new ones too (an unreachable host);
 * - dieOnStart(): passes until a container start request, then cuts it and stays dead (a host lost between
 *   creating a relay's container and starting it).
 */
export type DockerSocketProxy = { path: string; die(): void; revive(): void; dieOnStart(): void; close(): Promise<void> };

const START = /^POST \S*\/containers\/[^/\s]+\/start/m;

export async function startDockerSocketProxy(target = "/var/run/docker.sock"): Promise<DockerSocketProxy> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "derp-docker-proxy-"));
  const file = path.join(dir, "docker.sock");
  let mode: "pass" | "dead" | "die-on-start" = "pass";
  const open = new Set<net.Socket>();
  const cutAll = () => {
    for (const socket of open) socket.destroy();
    open.clear();
  };
  const server = net.createServer((client) => {
    if (mode === "dead") {
      client.destroy();
      return;
    }
    const upstream = net.connect(target);
    open.add(client);
    open.add(upstream);
    client.on("data", (chunk: Buffer) => {
      if (mode === "die-on-start" && START.test(chunk.toString("latin1"))) mode = "dead";
      if (mode === "dead") return cutAll();
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ]) {
      a.on("close", () => {
        open.delete(a);
        b.destroy();
      });
      // A cut connection errors on both ends; the client sees it as the host gone, which is the point.
      a.on("error", () => b.destroy());
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(file, resolve);
  });
  return {
    path: file,
    die() {
      mode = "dead";
      cutAll();
    },
    revive() {
      mode = "pass";
    },
    dieOnStart() {
      mode = "die-on-start";
    },
    async close() {
      cutAll();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
