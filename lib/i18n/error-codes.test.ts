import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import en from "@/messages/en/errors.json";
import zh from "@/messages/zh-CN/errors.json";

/**
 * Every error code the code can send to a user must read in both languages. The code is parsed (TypeScript's
 * own parser) and string literals are collected where they are codes: the arguments of the error helpers and
 * of `new AppError`, zod messages (`.min(n, "code")`, `z.uuid("code")`, `{ message: "code" }` in refinements),
 * codes returned as `{ ok: false, error: "code" }`, and `translateError(locale, "code")`.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SCANNED = ["lib", "app", "worker", "components"];
const ERROR_HELPERS = new Set(["badRequest", "unauthorized", "forbidden", "notFound", "conflict", "unavailable", "tooManyRequests", "payloadTooLarge"]);
const ZOD_CHECKS = new Set(["min", "max", "length", "regex", "refine", "uuid", "email", "url", "int", "positive", "nonnegative", "gt", "gte", "lt", "lte"]);
const REFINEMENTS = new Set(["refine", "superRefine", "addIssue", "check"]);
const CODE = /^[a-z][a-z0-9_]*$/;
const COMPARISON = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name.startsWith(".") ? [] : sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** String literals under `node` that are values, not operands of a comparison ("pending" in `s === "pending"`). */
function codeLiterals(node: ts.Node): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isBinaryExpression(n) && COMPARISON.has(n.operatorToken.kind)) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && !REFINEMENTS.has(n.expression.name.text)) {
      // A method call inside (e.g. `.startsWith("-")`) takes arguments, not codes; its receiver is still visited.
      visit(n.expression.expression);
      return;
    }
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
      if (CODE.test(n.text)) out.push(n.text);
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

interface Use {
  code: string;
  at: string;
}

function collect(file: string): Use[] {
  const text = readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const uses: Use[] = [];
  const add = (codes: string[], node: ts.Node) => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
    for (const code of codes) uses.push({ code, at: `${path.relative(ROOT, file)}:${line + 1}` });
  };
  const visit = (n: ts.Node) => {
    if (ts.isNewExpression(n) && calleeName(n) === "AppError") {
      add((n.arguments ?? []).slice(1, 2).flatMap(codeLiterals), n);
      // Field errors name codes too: new AppError(400, "x", { field: ["code"] }).
      add((n.arguments ?? []).slice(2, 3).flatMap(codeLiterals), n);
    }
    if (ts.isCallExpression(n)) {
      const name = calleeName(n);
      if (name && ERROR_HELPERS.has(name) && ts.isIdentifier(n.expression)) {
        // tooManyRequests(seconds, code); the others (code, fieldErrors?, values?).
        const args = name === "tooManyRequests" ? n.arguments.slice(1) : n.arguments.slice(0, 2);
        add(args.flatMap(codeLiterals), n);
      }
      if (name && ZOD_CHECKS.has(name) && ts.isPropertyAccessExpression(n.expression)) {
        const last = n.arguments[n.arguments.length - 1];
        if (last && ts.isStringLiteral(last) && CODE.test(last.text)) add([last.text], last);
      }
      if (name === "translateError" && n.arguments[1]) add(codeLiterals(n.arguments[1]), n);
    }
    if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name)) {
      const obj = n.parent;
      // { message: "code" } in a refinement or addIssue.
      if (n.name.text === "message" && ts.isObjectLiteralExpression(obj) && ts.isCallExpression(obj.parent)) {
        const name = calleeName(obj.parent);
        if (name && (REFINEMENTS.has(name) || ZOD_CHECKS.has(name))) add(codeLiterals(n.initializer), n);
      }
      // { ok: false, error: "code" }: a result that a caller turns into an error.
      if (
        n.name.text === "error" &&
        ts.isObjectLiteralExpression(obj) &&
        obj.properties.some((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "ok" && p.initializer.kind === ts.SyntaxKind.FalseKeyword)
      ) {
        add(codeLiterals(n.initializer), n);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return uses;
}

const uses = SCANNED.flatMap((d) => sourceFiles(path.join(ROOT, d))).flatMap(collect);

describe("error codes", () => {
  it("finds the codes the code uses (the scan itself works)", () => {
    const found = new Set(uses.map((u) => u.code));
    for (const known of ["invalid_credentials", "serial_used", "serial_check", "code_format", "range_invalid", "price_negative", "cross_site", "last_admin", "invalid_characters"]) {
      expect(found, known).toContain(known);
    }
  });

  it("every code used has a message in English and in Chinese", () => {
    const missing = uses.filter((u) => !(u.code in en) || !(u.code in zh)).map((u) => `${u.code} (${u.at})`);
    expect(missing).toEqual([]);
  });

  it("reads the arguments of a message, not the words of its branches", () => {
    expect(icuArguments("Enter {min, number} or {x}.")).toEqual(["min", "x"]);
    expect(icuArguments("{to, select, admin {an admin} other {{to} now}} by {who}")).toEqual(["to", "to", "who"]);
    expect(icuArguments("{n, plural, =0 {none} one {# item} other {# items}}")).toEqual(["n"]);
  });

  it("both languages have the same codes, non-empty, with the same placeholders", () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (s: string) => [...new Set(icuArguments(s))].sort();
    for (const [code, text] of Object.entries(en)) {
      const other = (zh as Record<string, string>)[code];
      expect(text.trim(), code).not.toBe("");
      expect(other?.trim(), code).not.toBe("");
      expect(placeholders(other ?? ""), code).toEqual(placeholders(text));
    }
  });
});

/**
 * The argument names of an ICU message ("{count, plural, one {# item} other {# items}}" names count): a small
 * parser, so that the text inside select and plural branches is not taken for arguments.
 */
function icuArguments(message: string): string[] {
  const names: string[] = [];
  let i = 0;
  const text = (): void => {
    while (i < message.length && message[i] !== "}") {
      if (message[i] === "{") argument();
      else i++;
    }
  };
  const word = (): string => {
    const m = /^\s*([^\s,{}]+)\s*/.exec(message.slice(i))!;
    i += m[0].length;
    return m[1];
  };
  const argument = (): void => {
    i++; // {
    names.push(word());
    if (message[i] === ",") {
      i++;
      const type = word();
      if (message[i] === ",") i++;
      if (type === "select" || type === "plural" || type === "selectordinal") {
        while (i < message.length && message[i] !== "}") {
          word(); // the branch's key
          i++; // {
          text();
          i++; // }
          while (/\s/.test(message[i] ?? "")) i++;
        }
      } else {
        while (i < message.length && message[i] !== "}") i++; // a style such as "medium"
      }
    }
    i++; // }
  };
  text();
  return names;
}
