import { z } from "zod";
import { describe, expect, it } from "vitest";
import { dateInput, isStorableDate } from "./date-input";
import { AppError } from "./errors";
import { findUnstorableString, parseInput } from "./validation";

describe("findUnstorableString", () => {
  it("names the first field whose text or key contains a NUL character or a lone surrogate", () => {
    expect(findUnstorableString({ a: "ok", b: ["x", "y\u0000"] })).toBe("b.1");
    expect(findUnstorableString({ nested: { deep: { name: "\u0000" } } })).toBe("nested.deep.name");
    expect(findUnstorableString("\u0000")).toBe("_form");
    expect(findUnstorableString({ name: "a\ud800b" })).toBe("name");
    expect(findUnstorableString({ name: "\udc00" })).toBe("name");
    expect(findUnstorableString({ name: "end\ud83d" })).toBe("name");
    expect(findUnstorableString({ ["k\ud800"]: "fine" })).toBe("k\ud800");
    expect(findUnstorableString({ a: "ok 😀 中文", b: [1, null, true], c: { d: "fine" } })).toBeNull();
  });

  it("walks deeply nested input without overflowing the stack", () => {
    let deep: unknown = "end\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableString(deep)).toMatch(/^0(\.0)*$/);
  });
});

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  return expect.unreachable();
}

describe("parseInput", () => {
  it("refuses NUL characters and lone surrogates with a field error in the user's language, before the schema sees them", () => {
    const schema = z.object({ name: z.string() });
    for (const name of ["a\u0000b", "a\ud800b"]) {
      const e = refusal(() => parseInput(schema, { name }, "zh-CN"));
      expect(e.status).toBe(400);
      expect(e.code).toBe("invalid_characters");
      expect(e.fieldErrors).toEqual({ name: [{ code: "invalid_characters", message: "此字段包含不允许的字符。" }] });
    }
  });

  it("takes JSON as typed: no number from text, null, booleans or arrays; null is not missing", () => {
    const schema = z.object({ price: z.number().int().min(0).optional(), active: z.boolean().default(true) });
    for (const price of [null, "", [], false, "0x10", true, [5], "5", {}]) {
      const e = refusal(() => parseInput(schema, { price }, "en"));
      expect(e.fieldErrors?.price, JSON.stringify(price)).toEqual([{ code: "number_expected", message: "Enter a number." }]);
    }
    expect(refusal(() => parseInput(schema, { active: "true" }, "en")).fieldErrors?.active?.[0]).toMatchObject({ code: "invalid_type" });
    expect(parseInput(schema, {}, "en")).toEqual({ active: true });
    expect(parseInput(schema, { price: 16 }, "en")).toEqual({ price: 16, active: true });
  });

  it("reads text (forms, query strings, paths) as the schema's types, and only decimal numerals as numbers", () => {
    const schema = z.object({
      n: z.number().int().optional(),
      on: z.boolean().default(false),
      list: z.array(z.number()).optional(),
      note: z.string().optional(),
    });
    expect(parseInput(schema, { n: " 42 ", on: "on", list: ["1", "2.5"], note: "7" }, "en", "text")).toEqual({
      n: 42,
      on: true,
      list: [1, 2.5],
      note: "7",
    });
    expect(parseInput(schema, { n: "", on: "false", note: "" }, "en", "text")).toEqual({ on: false });
    for (const n of ["0x10", "1e", "Infinity", "5 apples"]) {
      expect(refusal(() => parseInput(schema, { n }, "en", "text")).fieldErrors?.n, n).toEqual([{ code: "number_expected", message: "Enter a number." }]);
    }
  });

  it("answers a cursor that is not one with its own code", () => {
    const schema = z.object({ cursor: z.string().refine(() => false, "invalid_cursor") });
    const e = refusal(() => parseInput(schema, { cursor: "x" }, "en"));
    expect(e.code).toBe("invalid_cursor");
  });
});

describe("dates", () => {
  it("accepts only dates Postgres can store", () => {
    expect(isStorableDate(new Date("2025-06-01T00:00:00Z"))).toBe(true);
    expect(isStorableDate(new Date("0001-01-01T00:00:00Z"))).toBe(true);
    expect(isStorableDate(new Date("0000-12-31T00:00:00Z"))).toBe(false);
    expect(isStorableDate(new Date("+010000-01-01T00:00:00Z"))).toBe(false);
    expect(isStorableDate(new Date("nonsense"))).toBe(false);
  });

  it("reads ISO days and timestamps only, and refuses days that do not exist", () => {
    expect(dateInput().parse("2025-06-01")).toEqual(new Date("2025-06-01T00:00:00Z"));
    expect(dateInput().parse("2025-06-01T08:00:00+08:00")).toEqual(new Date("2025-06-01T00:00:00Z"));
    for (const text of ["2020-02-30", "2021-02-29", "+275760-09-13", "June 1", "1717200000000", "2025-06-01T00:00:00"]) {
      const r = dateInput().safeParse(text);
      expect(r.success, text).toBe(false);
      expect(r.error?.issues[0].message, text).toBe("invalid_date");
    }
    expect(dateInput().safeParse("0000-01-01").error?.issues[0].message).toBe("date_out_of_range");
    expect(dateInput().safeParse(1717200000000).success).toBe(false);
  });
});
