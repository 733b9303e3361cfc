import { createServer, type Server } from "node:http";
import { logger } from "@/lib/logger";
import { CONTENT_TYPE, metricsAccess, processMetricsText } from "./exposition";

/**
 * The worker's own metrics listener (WORKER_METRICS_PORT): GET /metrics with the same token and address rule
 * as the app's. Prometheus reaches the worker directly, so the client address is the socket's (no proxy
 * header is read here).
 */
export function startWorkerMetricsServer(port: number, host?: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not found.\n");
      return;
    }
    const access = metricsAccess(req.headers.authorization ?? null, req.socket.remoteAddress ?? null);
    if (access !== "allowed") {
      const [status, text] = access === "disabled" ? [404, "Not found.\n"] : [401, "Unauthorized.\n"];
      res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" }).end(text);
      return;
    }
    processMetricsText().then(
      (text) => res.writeHead(200, { "Content-Type": CONTENT_TYPE, "Cache-Control": "no-store" }).end(req.method === "HEAD" ? undefined : text),
      (e: unknown) => {
        logger.error({ err: e }, "worker metrics: could not render");
        res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end("Internal error.\n");
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      logger.info({ port }, "worker metrics listening");
      resolve(server);
    });
  });
}
