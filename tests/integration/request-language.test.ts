import { beforeAll, describe, expect, it } from "vitest";
import { POST as createToken } from "@/app/api/user/tokens/route";
import { GET as statistics } from "@/app/api/finance/statistics/route";
import { bearerHeaders, call, createUser, jsonRequest, type TestUser } from "../helpers/auth";
import { testDb } from "../helpers/db";

/**
 * Issue 8, item 15: a script's Accept-Language decides the language of its errors over the account's saved one
 * (a language cookie, a browser's explicit choice, still wins), and Chinese type errors name the types in Chinese.
 */
let zhAccount: TestUser;
let enAccount: TestUser;
let admin: TestUser;

beforeAll(async () => {
  const { db } = await testDb();
  [zhAccount, enAccount, admin] = await Promise.all([
    createUser(db, { locale: "zh-CN", passwordHash: "x" }),
    createUser(db, { locale: "en", passwordHash: "x" }),
    createUser(db, { role: "admin", locale: "en", passwordHash: "x" }),
  ]);
});

async function badToken(user: TestUser, headers: Record<string, string>) {
  const { db } = await testDb();
  const r = await call(createToken, jsonRequest("/api/user/tokens", { body: { name: 5 }, headers: { ...(await bearerHeaders(db, user)), ...headers } }));
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe("validation");
  return r.body.error as { message: string; fieldErrors: Record<string, { code: string; message: string }[]> };
}

describe("the language of an API caller's errors", () => {
  it("follows Accept-Language over the account's saved language", async () => {
    expect((await badToken(zhAccount, { "accept-language": "en-US,en;q=0.9" })).message).toBe("Some fields are not valid.");
    expect((await badToken(enAccount, { "accept-language": "zh-CN" })).message).toBe("部分字段无效。");
  });

  it("falls back to the account's language when Accept-Language names none we speak, or is absent", async () => {
    expect((await badToken(zhAccount, {})).message).toBe("部分字段无效。");
    expect((await badToken(zhAccount, { "accept-language": "*" })).message).toBe("部分字段无效。");
    expect((await badToken(enAccount, { "accept-language": "de-DE" })).message).toBe("Some fields are not valid.");
  });

  it("lets the language cookie win over both", async () => {
    expect((await badToken(enAccount, { "accept-language": "en", cookie: "NEXT_LOCALE=zh-CN" })).message).toBe("部分字段无效。");
  });

  it("names the types of a type error in the caller's language, with the same code", async () => {
    const zh = await badToken(enAccount, { "accept-language": "zh-CN" });
    expect(zh.fieldErrors.name).toEqual([{ code: "invalid_type", message: "应为文本，实际收到数字。" }]);
    const en = await badToken(zhAccount, { "accept-language": "en" });
    expect(en.fieldErrors.name).toEqual([{ code: "invalid_type", message: "Expected text, got a number." }]);
  });

  it("words a choice among fixed values fully in Chinese", async () => {
    const { db } = await testDb();
    const r = await call(
      statistics,
      jsonRequest("/api/finance/statistics?groupBy=fortnight", { headers: { ...(await bearerHeaders(db, admin)), "accept-language": "zh-CN" } }),
    );
    expect(r.status).toBe(400);
    const [error] = r.body.error.fieldErrors.groupBy;
    expect(error.code).toBe("invalid_value");
    expect(error.message).toMatch(/^请选择以下之一：day, week, month, year/);
  });
});
