import { z } from "zod";
import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { formDataToObject, parseInput } from "./validation";

/** The messages of each field's errors. */
function fieldErrorsOf(fn: () => unknown): Record<string, string[]> | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const fieldErrors = (e as AppError).fieldErrors ?? {};
    return Object.fromEntries(
      Object.entries(fieldErrors).map(([field, errors]) => [field, errors.map((x) => (typeof x === "string" ? x : x.message))]),
    );
  }
  expect.unreachable();
}

describe("parseInput: fields left empty", () => {
  const schema = z.object({ email: z.email(), count: z.number().int(), note: z.string().optional() });

  it("says the field is required, in the user's language, instead of zod's type message", () => {
    const form = new FormData();
    form.set("email", "");
    form.set("count", "");
    const input = formDataToObject(form);
    expect(fieldErrorsOf(() => parseInput(schema, input, "en", "text"))).toEqual({ email: ["This field is required."], count: ["This field is required."] });
    expect(fieldErrorsOf(() => parseInput(schema, {}, "zh-CN"))?.email).toEqual(["此项为必填项。"]);
  });

  it("asks for a number when a number field holds text, and keeps zod's own messages otherwise", () => {
    expect(fieldErrorsOf(() => parseInput(schema, { email: "a@b.test", count: "x" }, "zh-CN", "text"))).toEqual({ count: ["请输入数字。"] });
    const errors = fieldErrorsOf(() => parseInput(schema, { email: "a@b.test", count: "1.5" }, "en", "text"));
    expect(errors?.count).toEqual(["Enter a whole number."]);
  });
});

describe("parseInput: limits", () => {
  const schema = z.object({
    days: z.number().int().min(1).max(3650),
    rate: z.number().positive().optional(),
    name: z.string().max(5),
    code: z.string().min(1, "serial_required"),
  });

  it("names the limit in plain words, in both languages; a schema's own code still wins", () => {
    expect(fieldErrorsOf(() => parseInput(schema, { days: "0", rate: "0", name: "toolong", code: "" }, "en", "json"))).toEqual({
      days: ["Enter a number."],
      rate: ["Enter a number."],
      name: ["Use at most 5 characters."],
      code: ["Enter your serial code."],
    });
    expect(fieldErrorsOf(() => parseInput(schema, { days: 0, rate: 0, name: "toolong", code: "" }, "en"))).toEqual({
      days: ["Enter 1 or more."],
      rate: ["Enter a number above 0."],
      name: ["Use at most 5 characters."],
      code: ["Enter your serial code."],
    });
    expect(fieldErrorsOf(() => parseInput(schema, { days: "5000", name: "ok", code: "x" }, "zh-CN", "text"))).toEqual({
      days: ["请输入不大于 3,650 的数。"],
    });
  });
});

describe("parseInput: a plan choice", () => {
  it("reads 'required' when none was chosen and 'no such plan' for anything else", async () => {
    const { generateSerialInput } = await import("@/lib/billing/schemas");
    expect(fieldErrorsOf(() => parseInput(generateSerialInput, { count: 5 }, "en"))?.planId).toEqual(["This field is required."]);
    expect(fieldErrorsOf(() => parseInput(generateSerialInput, { count: 5, planId: "nope" }, "en"))?.planId).toEqual(["No such plan."]);
  });
});
