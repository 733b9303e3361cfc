import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTranslator } from "next-intl";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { locales } from "@/lib/i18n/config";
import { getMessages } from "@/lib/i18n/messages";
import { AUDIT_ACTIONS, isAuditAction } from "./audit-actions";

/**
 * Every action the code writes to the audit log reads as a sentence in both languages. The code is parsed
 * (TypeScript's own parser) and every string in the `action` of a writeAudit(…) call is collected, ternary
 * branches included; each must be in AUDIT_ACTIONS, whose messages must exist and format in both languages.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SCANNED = ["lib", "app", "worker", "server", "components"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name.startsWith(".") ? [] : sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [full] : [];
  });
}

function strings(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isConditionalExpression(node)) return [...strings(node.whenTrue), ...strings(node.whenFalse)];
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return strings(node.expression);
  return [`<not a string literal: ${node.getText()}>`];
}

/**
 * The strings an action expression can be. A parameter of a local helper (`const entry = (action, …) =>
 * writeAudit(…)`) is followed to the helper's calls in the same file.
 */
function actionsOf(node: ts.Expression, source: ts.SourceFile): string[] {
  if (!ts.isIdentifier(node)) return strings(node);
  for (let fn: ts.Node | undefined = node.parent; fn; fn = fn.parent) {
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn) && !ts.isFunctionDeclaration(fn)) continue;
    const index = fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === node.text);
    if (index < 0) continue;
    const name = ts.isFunctionDeclaration(fn) ? fn.name?.text : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined;
    if (!name) break;
    const found: string[] = [];
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === name && n.arguments[index]) found.push(...strings(n.arguments[index]));
      ts.forEachChild(n, visit);
    };
    visit(source);
    return found.length ? found : [`<no calls of ${name}>`];
  }
  return [`<not a string literal: ${node.getText()}>`];
}

/** The actions of every writeAudit call in the code, with where they are. */
export function writtenActions(): { action: string; where: string }[] {
  const out: { action: string; where: string }[] = [];
  for (const dir of SCANNED) {
    for (const file of sourceFiles(path.join(ROOT, dir))) {
      const text = readFileSync(file, "utf8");
      if (!text.includes("writeAudit(")) continue;
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
      const visit = (n: ts.Node) => {
        if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "writeAudit") {
          const entry = n.arguments[1];
          const where = `${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
          const prop =
            entry && ts.isObjectLiteralExpression(entry)
              ? entry.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === "action")
              : undefined;
          const shorthand =
            entry && ts.isObjectLiteralExpression(entry)
              ? entry.properties.find((p): p is ts.ShorthandPropertyAssignment => ts.isShorthandPropertyAssignment(p) && p.name.text === "action")
              : undefined;
          const value = prop?.initializer ?? shorthand?.name;
          if (!value) out.push({ action: "<no action property in an object literal>", where });
          else for (const action of actionsOf(value, source)) out.push({ action, where });
        }
        ts.forEachChild(n, visit);
      };
      visit(source);
    }
  }
  return out;
}

// Every value a sentence may name, so that formatting a message proves it well-formed (a typo in a select or a
// value no entry carries fails here).
const SAMPLE = {
  who: "alice@example.com",
  what: "Starter",
  email: "bob@example.com",
  reason: "wrong_password",
  current: "true",
  name: "ci",
  from: "active",
  to: "suspended",
  codes: 3,
  format: "csv",
  revoked: 2,
  extended: "false",
  rotated: "true",
  action: "x.y",
  // container.* entries: the relay's server, and a reconciliation's counts.
  server: "tokyo-1",
  servers: 2,
  actions: 3,
  // control_account.* entries: which kind of control server.
  kind: "headscale",
  // alerts.* entries: the settings change and the test's outcome.
  enabled: "true",
  changed: "recipients, webhookUrl",
  targets: 2,
  failed: 0,
};

describe("audit actions", () => {
  const written = writtenActions();

  it("are found where the code writes them", () => {
    expect(written.length).toBeGreaterThan(25);
    expect(written.map((w) => w.action)).toEqual(expect.arrayContaining(["api_token.created", "user.enabled", "user.disabled", "server.drain"]));
  });

  it("are all in AUDIT_ACTIONS", () => {
    expect(written.filter((w) => !isAuditAction(w.action)).map((w) => `${w.where}: ${w.action}`)).toEqual([]);
  });

  for (const locale of locales) {
    it(`each have a sentence in ${locale} that formats`, () => {
      const messages = getMessages(locale).adminLogs.audit.actions as Record<string, string>;
      const errors: string[] = [];
      const t = createTranslator({
        locale,
        messages: getMessages(locale),
        namespace: "adminLogs.audit",
        onError: (e) => errors.push(e.message),
      });
      for (const [action, key] of Object.entries(AUDIT_ACTIONS)) {
        if (typeof messages[key] !== "string") {
          errors.push(`${action}: no message audit.actions.${key}`);
          continue;
        }
        const text = t.markup(`actions.${key}` as never, { ...SAMPLE, actor: (c: string) => `[${c}]`, target: (c: string) => `[${c}]` } as never);
        if (!text.includes("[alice@example.com]") && !text.includes("bob@example.com")) errors.push(`${action}: the actor is not named: ${text}`);
      }
      expect(errors).toEqual([]);
    });
  }

  it("no message is left over for an action that no longer exists", () => {
    const keys = new Set<string>(Object.values(AUDIT_ACTIONS));
    for (const locale of locales) {
      expect(Object.keys(getMessages(locale).adminLogs.audit.actions).filter((k) => !keys.has(k))).toEqual([]);
    }
  });
});
