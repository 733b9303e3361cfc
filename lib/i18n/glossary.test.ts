import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { orderStatus, rentalStatus, serialCodeStatus, serverStatus, userStatus } from "@/db/schema";
import { locales, type AppLocale } from "./config";
import { getMessages } from "./messages";

/**
 * messages/GLOSSARY.md is the one list of words: this test reads its tables and holds every message file to
 * them, so a status cannot read one way on one page and another way on the next.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const glossary = readFileSync(path.join(ROOT, "messages/GLOSSARY.md"), "utf8");

/** The rows of the table under `## heading`, as cells. */
function table(heading: string): string[][] {
  const section = glossary.split(/^## /m).find((s) => s.startsWith(heading));
  if (!section) throw new Error(`GLOSSARY.md has no "## ${heading}" section`);
  return section
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .slice(2) // header and separator
    .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()));
}

function messageAt(locale: AppLocale, key: string): string {
  let value: unknown = getMessages(locale);
  for (const part of key.split(".")) value = (value as Record<string, unknown> | undefined)?.[part];
  if (typeof value !== "string") throw new Error(`no message ${locale}:${key}`);
  return value;
}

function allMessages(value: unknown, key = ""): [string, string][] {
  if (typeof value === "string") return [[key, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => allMessages(v, key ? `${key}.${k}` : k));
}

const statuses = table("Statuses").map(([concept, en, zh, keys]) => ({
  concept,
  words: { en, "zh-CN": zh } as Record<AppLocale, string>,
  keys: keys.split("·").map((k) => k.trim()),
}));

/** Every place where a message does not use its status's word, in `locale`. */
function drift(locale: AppLocale, message: (key: string) => string): string[] {
  const out: string[] = [];
  for (const { concept, words, keys } of statuses) {
    const word = words[locale];
    const [label, ...uses] = keys;
    if (message(label) !== word) out.push(`${concept}: ${label} is "${message(label)}", not "${word}"`);
    for (const key of uses) {
      const text = message(key);
      const found = locale === "en" ? text.toLowerCase().includes(word.toLowerCase()) : text.includes(word);
      if (!found) out.push(`${concept}: ${key} ("${text}") does not say "${word}"`);
    }
  }
  return out;
}

describe("glossary", () => {
  it("has a row for every status the database knows", () => {
    const concepts = new Set(statuses.map((s) => s.concept));
    const expected = [
      ...rentalStatus.enumValues.map((s) => `Rental \`${s}\``),
      ...userStatus.enumValues.map((s) => `Account \`${s}\``),
      ...serialCodeStatus.enumValues.map((s) => `Serial code \`${s}\``),
      ...orderStatus.enumValues.map((s) => `Order \`${s}\``),
      ...serverStatus.enumValues.map((s) => `Server \`${s}\``),
    ];
    expect(expected.filter((c) => !concepts.has(c))).toEqual([]);
  });

  for (const locale of locales) {
    it(`labels each status with the same word wherever it appears (${locale})`, () => {
      expect(drift(locale, (key) => messageAt(locale, key))).toEqual([]);
    });

    it(`uses none of the words to avoid (${locale})`, () => {
      const avoid = table("Words")
        .flatMap((row) => row[3].split(","))
        .map((w) => w.trim())
        .filter((w) => w && (locale === "en" ? /^[\x20-\x7e]+$/.test(w) : !/^[\x20-\x7e]+$/.test(w)));
      const hits = allMessages(getMessages(locale))
        .flatMap(([key, text]) => avoid.filter((w) => text.toLowerCase().includes(w.toLowerCase())).map((w) => `${key}: "${w}"`));
      expect(hits).toEqual([]);
    });
  }

  it("reports a status worded differently in one message", () => {
    // The wording issue 8 found: 生效中 on the overview next to 运行中 everywhere else.
    const before = (key: string) => (key === "common.admin.rentalsActive" ? "{count} 个生效中" : messageAt("zh-CN", key));
    expect(drift("zh-CN", before)).toEqual([
      'Rental `active`: common.admin.rentalsActive ("{count} 个生效中") does not say "运行中"',
    ]);
  });
});
