import { z } from "zod";
import { describe, expect, it } from "vitest";
import { dateInput, isStorableDate } from "./date-input";
import { AppError } from "./errors";
import { findNulString, parseInput } from "./validation";

describe("findNulString", () => {
  it("names the first field whose text contains a NUL character", () => {
    expect(findNulString({ a: "ok", b: ["x", "y\u0000"] })).toBe("b.1");
    expect(findNulString({ nested: { deep: { name: "\u0000" } } })).toBe("nested.deep.name");
    expect(findNulString("\u0000")).toBe("_form");
    expect(findNulString({ a: "ok", b: [1, null, true], c: { d: "fine" } })).toBeNull();
  });

  it("walks deeply nested input without overflowing the stack", () => {
    let deep: unknown = "end\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findNulString(deep)).toMatch(/^0(\.0)*$/);
  });
});

describe("parseInput", () => {
  it("refuses NUL characters with a field error in the user's language, before the schema sees them", () => {
    const schema = z.object({ name: z.string() });
    try {
      parseInput(schema, { name: "a\u0000b" }, "zh-CN");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(400);
      expect((e as AppError).fieldErrors).toEqual({ name: ["此字段包含不允许的字符。"] });
    }
  });
});

describe("dates", () => {
  it("accepts only dates Postgres can store", () => {
    expect(isStorableDate(new Date("2025-06-01T00:00:00Z"))).toBe(true);
    expect(isStorableDate(new Date("0001-01-01T00:00:00Z"))).toBe(true);
    expect(isStorableDate(new Date("0000-12-31T00:00:00Z"))).toBe(false);
    expect(isStorableDate(new Date("+010000-01-01T00:00:00Z"))).toBe(false);
    expect(isStorableDate(new Date("nonsense"))).toBe(false);
    expect(dateInput().safeParse("2025-06-01").success).toBe(true);
    const far = dateInput().safeParse("+275760-09-13");
    expect(far.success).toBe(false);
    expect(far.error?.issues[0].message).toBe("date_out_of_range");
  });
});
