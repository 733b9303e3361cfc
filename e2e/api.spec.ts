import http from "node:http";
import { expect, test } from "@playwright/test";
import enErrors from "../messages/en/errors.json";
import { E2E_BASE_URL } from "./fixtures";

// What only a real server shows: Next itself decodes the path before any route runs, and answers methods a
// route does not export; and a request body arrives as a stream from the socket.

test("a malformed percent-escape in an /api path is a JSON 400, not the framework's 500", async ({ request }) => {
  for (const path of ["/api/%ff", "/api/user/tokens/%ff", "/api/admin/users/%E2%82", "/api/%"]) {
    const response = await request.get(path, { headers: { "Accept-Language": "en" } });
    expect(response.status(), path).toBe(400);
    expect(response.headers()["content-type"], path).toContain("application/json");
    expect(await response.json(), path).toEqual({ error: { code: "invalid_path", message: enErrors.invalid_path } });
  }
  // A well-formed escape still reaches its route (/api/user/tokens/abc, which answers GET with its 405).
  const escaped = await request.get("/api/user/tokens/%61bc", { headers: { "Accept-Language": "en" } });
  expect(escaped.status()).toBe(405);
  const pageResponse = await request.get("/%ff");
  expect(pageResponse.status()).toBe(400);
});

test("a method a route does not implement is a JSON 405 with Allow", async ({ request }) => {
  const response = await request.delete("/api/user/login", { headers: { "Accept-Language": "en" } });
  expect(response.status()).toBe(405);
  expect(response.headers()["allow"]).toBe("POST, OPTIONS");
  expect((await response.json()).error.code).toBe("method_not_allowed");
});

test("next-auth's own POST answers malformed JSON with a JSON 400", async ({ request }) => {
  const response = await request.post("/api/auth/callback/credentials", {
    headers: { "Content-Type": "application/json", "Accept-Language": "en" },
    data: Buffer.from("{not json"),
  });
  expect(response.status()).toBe(400);
  expect((await response.json()).error.code).toBe("invalid_json");
});

test("a body over 1 MB is refused with 413 whether or not Content-Length says so", async ({ request }) => {
  const response = await request.post("/api/user/login", {
    headers: { "Content-Type": "application/json" },
    data: `{"email":"a@example.com","password":"${"x".repeat(1_100_000)}"}`,
  });
  expect(response.status()).toBe(413);
  expect((await response.json()).error.code).toBe("payload_too_large");
});

test("a chunked body without Content-Length is refused with 413 long before it ends", async () => {
  const total = 300 * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const { status, body, sent } = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
    let written = 0;
    const req = http.request(
      `${E2E_BASE_URL}/api/user/add_user`,
      { method: "POST", headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" } },
      (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, body: text, sent: written });
          req.destroy();
        });
      },
    );
    req.on("error", reject);
    const pump = () => {
      while (written < total) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
  expect(status).toBe(413);
  expect(JSON.parse(body).error.code).toBe("payload_too_large");
  expect(sent).toBeLessThan(100 * 1024 * 1024);
});
