import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as notFoundGet, POST as notFoundPost } from "@/app/api/[...path]/route";
import { GET as healthz } from "@/app/api/healthz/route";
import { testDb } from "../helpers/db";

describe("GET /api/healthz", () => {
  it("answers 200 with the database and migration state", async () => {
    await testDb();
    const res = await healthz(new NextRequest("http://localhost:3000/api/healthz"), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { db: "ok", migrations: "current" } });
  });
});

describe("unknown /api routes", () => {
  it("answer a JSON 404 in the caller's language", async () => {
    const res = await notFoundGet(new NextRequest("http://localhost:3000/api/nope"));
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect((await res.json()).error.code).toBe("api_not_found");

    const zh = await notFoundPost(
      new NextRequest("http://localhost:3000/api/x/y", { method: "POST", headers: { "accept-language": "zh-CN" } }),
    );
    expect(zh.status).toBe(404);
    expect((await zh.json()).error.message).toBe("不存在此 API 路由。");
  });
});
