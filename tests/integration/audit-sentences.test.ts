import { createTranslator } from "next-intl";
import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditSentence, type AuditTranslator } from "@/components/admin/audit-sentence";
import { createApiToken } from "@/lib/accounts/api-tokens";
import { setUserStatus } from "@/lib/accounts/admin-users";
import type { SessionUser } from "@/lib/auth/types";
import type { AppLocale } from "@/lib/i18n/config";
import { getMessages } from "@/lib/i18n/messages";
import { queryAuditLog } from "@/lib/logs/audit-log";
import { viewAuditEntries, type AuditEntryView } from "@/lib/logs/audit-view";
import { createUser, sessionUser } from "../helpers/auth";
import { makeCodes, makePlan } from "../helpers/billing";
import { testDb } from "../helpers/db";

/** Issue 8, item 5: audit entries read as sentences in the viewer's language, with links to their targets. */
let db: Db;
let admin: SessionUser;
let alice: SessionUser;
let bob: SessionUser;

beforeAll(async () => {
  db = (await testDb()).db;
  const [a, b, c] = await Promise.all([createUser(db, { role: "admin", passwordHash: "x" }), createUser(db, { passwordHash: "x" }), createUser(db, { passwordHash: "x" })]);
  [admin, alice, bob] = [sessionUser(a), sessionUser(b), sessionUser(c)];
});

async function entriesFor(target: string, locale: AppLocale): Promise<AuditEntryView[]> {
  const page = await queryAuditLog(db, admin, { target, limit: 10 });
  return viewAuditEntries(db, admin, page.items, locale);
}

function sentence(e: AuditEntryView, locale: AppLocale): string {
  const t = createTranslator({ locale, messages: getMessages(locale), namespace: "adminLogs.audit" });
  return renderToStaticMarkup(createElement(Fragment, null, auditSentence(t as unknown as AuditTranslator, e)));
}

const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&amp;/g, "&");

describe("audit sentences", () => {
  it("name the actor and the target, in the viewer's language, and link both", async () => {
    const { apiToken } = await createApiToken(db, alice, "ci", { ip: "::ffff:127.0.0.1", userAgent: "curl/8" });
    const [en] = await entriesFor(`api_token:${apiToken.id}`, "en");
    expect(text(sentence(en, "en"))).toBe(`${alice.email} created API token “ci”`);
    expect(sentence(en, "en")).toContain(`href="/admin/users/${alice.id}"`);
    expect(en.ip).toBe("127.0.0.1");
    const [zh] = await entriesFor(`api_token:${apiToken.id}`, "zh-CN");
    expect(text(sentence(zh, "zh-CN"))).toBe(`${alice.email} 创建了 API 令牌“ci”`);

    await setUserStatus(db, admin, bob.id, "disabled");
    const [disabled] = (await entriesFor(`user:${bob.id}`, "en")).filter((e) => e.action === "user.disabled");
    expect(text(sentence(disabled, "en"))).toBe(`${admin.email} disabled ${bob.email}`);
    expect(sentence(disabled, "en")).toContain(`href="/admin/users/${bob.id}"`);
    const [disabledZh] = (await entriesFor(`user:${bob.id}`, "zh-CN")).filter((e) => e.action === "user.disabled");
    expect(text(sentence(disabledZh, "zh-CN"))).toBe(`${admin.email} 停用了 ${bob.email}`);
  });

  it("name a batch by its plan and size, never by a bare id", async () => {
    const plan = await makePlan(db, admin, { nameEn: "Starter audit", nameZh: "入门审计" });
    const { batch } = await makeCodes(db, admin, plan, 3);
    const [en] = await entriesFor(`serial_batch:${batch.id}`, "en");
    expect(text(sentence(en, "en"))).toBe(`${admin.email} generated the batch of 3 codes for Starter audit`);
    expect(sentence(en, "en")).toContain(`href="/admin/serials/${batch.id}"`);
    expect(sentence(en, "en")).not.toContain(`>${batch.id}<`);
    const [zh] = await entriesFor(`serial_batch:${batch.id}`, "zh-CN");
    expect(text(sentence(zh, "zh-CN"))).toBe(`${admin.email} 生成了入门审计 的批次（3 个序列号）`);
  });

  it("word an action this version does not know without failing", async () => {
    const e: AuditEntryView = {
      id: 1, at: new Date(), action: "fleet.future_thing", messageKey: null, values: {}, actor: null, target: null, ip: null, userAgent: null, details: {},
    };
    expect(text(sentence(e, "en"))).toBe("System: fleet.future_thing");
    expect(text(sentence(e, "zh-CN"))).toBe("系统：fleet.future_thing");
  });

  it("are for admins only", async () => {
    await expect(viewAuditEntries(db, alice, [], "en")).rejects.toMatchObject({ status: 403, code: "forbidden" });
  });
});
