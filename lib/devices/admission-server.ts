import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AdmissionService } from "./admission";
import { ADMISSION_BODY_MAX } from "./admission-http";

/**
 * The admission endpoint on a plain Node `http` listener of its own (ADMISSION_PORT), next to the Next route.
 * Same path, same rule, same answers; it skips the web Request/Response objects every Next route handler
 * pays for, which are most of the cost of one admission call (README, "Devices and admission": the benchmark).
 * Point RELAY_ADMISSION_BASE_URL at it to use it.
 */
const PREFIX = "/api/derp/admission/";
const HEADERS = { "Content-Type": "application/json", "Cache-Control": "no-store" };

function answer(res: ServerResponse, allow: boolean, status = 200): void {
  res.writeHead(status, HEADERS).end(allow ? '{"Allow":true}' : '{"Allow":false}');
}

export function admissionNodeHandler(service: AdmissionService) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? "";
    if (!url.startsWith(PREFIX) || url.indexOf("/", PREFIX.length) !== -1 || url.includes("?")) {
      req.resume();
      return answer(res, false, 404);
    }
    if (req.method !== "POST") {
      req.resume();
      res.setHeader("Allow", "POST");
      return answer(res, false, 405);
    }
    let secret: string;
    try {
      secret = decodeURIComponent(url.slice(PREFIX.length));
    } catch {
      secret = ""; // A malformed escape cannot be a secret: refused below like any unknown one.
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = Number(req.headers["content-length"] ?? 0) > ADMISSION_BODY_MAX;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > ADMISSION_BODY_MAX) tooBig = true;
      else chunks.push(c);
    });
    req.on("error", () => answer(res, false));
    req.on("end", () => {
      const body = tooBig ? null : Buffer.concat(chunks).toString("utf8");
      service.decide(secret, body).then(
        (d) => answer(res, d.allow),
        () => answer(res, false),
      );
    });
  };
}

export function serveAdmission(service: AdmissionService, port: number, host = "0.0.0.0"): Promise<Server> {
  const server = createServer(admissionNodeHandler(service));
  // derper waits 5 s; a client that trickles its request is cut off long before it can tie up sockets.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
