import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";

export type RequestHandler = (req: NextRequest, path: string) => Promise<Response>;

/**
 * A plain Node HTTP server that hands each request to an app route handler as Next would (a NextRequest in,
 * a Response out), for tests and benchmarks where something outside the process (a relay container, a load
 * generator) must reach a route without starting Next.
 */
export async function startRouteServer(handler: RequestHandler, host = "127.0.0.1"): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    try {
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : await readAll(req);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new NextRequest(`http://${req.headers.host ?? "localhost"}${req.url}`, { method: req.method, headers, body: body && new Uint8Array(body) });
      const answer = await handler(request, new URL(req.url ?? "/", "http://x").pathname);
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
