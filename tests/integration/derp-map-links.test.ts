import { and, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as directLink } from "@/app/(portal)/acl/[token]/route";
import type { Db } from "@/db/client";
import { derpMapAccessLog, derpMapLinks, mailOutbox } from "@/db/schema";
import { DAY_MS, now, testClock } from "@/lib/clock";
import { setRelayState } from "@/lib/containers/relay-state";
import { createDerpMapLink, revokeDerpMapLink, setDerpMapLinkExpiry } from "@/lib/derp-map/links";
import { currentDerpMap } from "@/lib/derp-map/versions";
import { proxy } from "@/proxy";
import { insertUser } from "../helpers/billing";
import { testDb } from "../helpers/db";
import { insertMapRelay } from "../helpers/derp-map";
import { makeOfflineServer } from "../helpers/fleet";
import { makeRental } from "../helpers/rentals";
import type { SessionUser } from "@/lib/auth/types";

/**
 * The secret direct link, called as Next calls the route handler, with no session at all: rotation kills the
 * old token, revocation and expiry answer the same bare 404 as an unknown token, an ETag is answered 304, the
 * headers keep the URL out of caches and referrers, and every download is logged with the client's address
 * and country (the tests stand behind one trusted proxy: X-Forwarded-For is the client).
 */

let db: Db;
let customer: SessionUser;

beforeAll(async () => {
  db = (await testDb()).db;
  customer = await insertUser(db);
  const s = await makeOfflineServer(db, { publicIpv4: "203.0.113.51" });
  const { rental } = await makeRental(db, { regionId: s.regionId, userId: customer.id, status: "active", derpRegionId: 900 });
  await setRelayState(db, await insertMapRelay(db, s, rental.id), "running", { reason: "allocation" });
});
afterEach(() => testClock.reset());

function fetchLink(token: string, opts: { format?: string; ip?: string; etag?: string; method?: string } = {}) {
  const query = opts.format === undefined ? "" : `?format=${opts.format}`;
  const req = new NextRequest(`http://localhost:3000/acl/${token}${query}`, {
    method: opts.method ?? "GET",
    headers: {
      "x-forwarded-for": opts.ip ?? "8.8.8.8",
      "user-agent": "headscale/0.29.2",
      ...(opts.etag ? { "if-none-match": opts.etag } : {}),
    },
  });
  return directLink(req, { params: Promise.resolve({ token }) });
}

const logOf = (userId: string) => db.select().from(derpMapAccessLog).where(eq(derpMapAccessLog.userId, userId)).orderBy(derpMapAccessLog.id);

async function expectBare404(res: Response) {
  expect(res.status).toBe(404);
  expect(await res.text()).toBe("Not found.\n");
  expect(res.headers.get("cache-control")).toBe("no-store");
}

describe("the direct link", () => {
  it("passes the proxy without a session", () => {
    // proxy.ts only handles paths with "%"; called anyway, it lets a direct link through untouched.
    const res = proxy(new NextRequest("http://localhost:3000/acl/dml_abc"));
    expect(res.headers.get("x-middleware-next")).toBe("1");
    expect(res.status).toBe(200);
  });

  it("serves each format without a session, with no-store, no-referrer and an ETag answered 304", async () => {
    const { url, token } = await createDerpMapLink(db, customer, customer.id);
    expect(token).toMatch(/^dml_[A-Za-z0-9_-]{43}$/); // 256 random bits
    expect(url).toBe(`http://localhost:3000/acl/${token}`);
    const stored = await db.select().from(derpMapLinks).where(eq(derpMapLinks.userId, customer.id));
    expect(stored.map((l) => l.tokenHash.toString("hex"))).not.toContain(Buffer.from(token).toString("hex"));

    const { version } = await currentDerpMap(db, customer.id);
    const json = await fetchLink(token);
    expect(json.status).toBe(200);
    expect(json.headers.get("cache-control")).toBe("no-store");
    expect(json.headers.get("referrer-policy")).toBe("no-referrer");
    expect(json.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await json.json()).toEqual(version.content);
    const etag = json.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);

    const tailscale = await fetchLink(token, { format: "tailscale" });
    expect(await tailscale.text()).toMatch(/^\/\/ DERP map[\s\S]*"derpMap": \{/);
    const headscale = await fetchLink(token, { format: "headscale" });
    expect(await headscale.text()).toMatch(/\nregions:\n {2}900:\n/);
    expect(headscale.headers.get("etag")).not.toBe(etag);

    const logged = (await logOf(customer.id)).length;
    const revalidated = await fetchLink(token, { etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("etag")).toBe(etag);
    expect(await revalidated.text()).toBe("");
    expect((await logOf(customer.id)).length).toBe(logged);
    // A stale ETag gets the content.
    expect((await fetchLink(token, { etag: '"old"' })).status).toBe(200);
  });

  it("refuses an unknown format with 400 and an unknown token with the bare 404", async () => {
    const { token } = await createDerpMapLink(db, customer, customer.id);
    const bad = await fetchLink(token, { format: "yaml" });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("cache-control")).toBe("no-store");
    await expectBare404(await fetchLink(`dml_${"A".repeat(43)}`));
    await expectBare404(await fetchLink("not-a-token"));
  });

  it("rotation kills the old token; revocation and expiry answer like an unknown token", async () => {
    const first = await createDerpMapLink(db, customer, customer.id);
    expect((await fetchLink(first.token)).status).toBe(200);
    const second = await createDerpMapLink(db, customer, customer.id);
    expect(second.rotated).toBe(true);
    await expectBare404(await fetchLink(first.token));
    expect((await fetchLink(second.token)).status).toBe(200);

    await revokeDerpMapLink(db, customer, customer.id);
    await expectBare404(await fetchLink(second.token));

    const third = await createDerpMapLink(db, customer, customer.id, { expiresAt: new Date(now().getTime() + DAY_MS) });
    expect((await fetchLink(third.token)).status).toBe(200);
    testClock.advance(DAY_MS + 1000);
    await expectBare404(await fetchLink(third.token));
    // Given a new expiry ahead, the same link works again; one in the past is refused.
    await setDerpMapLinkExpiry(db, customer, customer.id, new Date(now().getTime() + DAY_MS));
    expect((await fetchLink(third.token)).status).toBe(200);
    await expect(setDerpMapLinkExpiry(db, customer, customer.id, new Date(now().getTime() - 1000))).rejects.toMatchObject({ status: 400 });
  });

  it("another customer can not rotate, revoke or change someone's link", async () => {
    const { token } = await createDerpMapLink(db, customer, customer.id);
    const other = await insertUser(db);
    await expect(createDerpMapLink(db, other, customer.id)).rejects.toMatchObject({ status: 403 });
    await expect(revokeDerpMapLink(db, other, customer.id)).rejects.toMatchObject({ status: 403 });
    await expect(setDerpMapLinkExpiry(db, other, customer.id, null)).rejects.toMatchObject({ status: 403 });
    expect((await fetchLink(token)).status).toBe(200);
  });
});

describe("the access log", () => {
  it("records address, country, region, city and user agent of every download; a new country is flagged and mailed", async () => {
    const user = await insertUser(db);
    const { token } = await createDerpMapLink(db, user, user.id);
    await fetchLink(token, { ip: "8.8.8.8" });
    await fetchLink(token, { ip: "8.8.4.4", format: "headscale" });
    await fetchLink(token, { ip: "1.1.1.1" });
    await fetchLink(token, { ip: "1.0.0.1" });
    await fetchLink(token, { ip: "2001:4860:4860::8888" });
    const rows = await logOf(user.id);
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      expect(r.ip).toBeTruthy();
      expect(r.country).toMatch(/^[A-Z]{2}$/);
      expect(r).toMatchObject({ action: "download", channel: "link", userAgent: "headscale/0.29.2" });
      expect(r.versionId).toBeTruthy();
    }
    expect(rows.map((r) => [r.ip, r.country, r.newCountry])).toEqual([
      ["8.8.8.8", "US", true],
      ["8.8.4.4", "US", false],
      ["1.1.1.1", "AU", true],
      ["1.0.0.1", "AU", false],
      ["2001:4860:4860::8888", rows[4].country, rows[4].newCountry],
    ]);
    expect(rows[0].city).toBeTruthy();
    expect(rows[1].format).toBe("headscale");
    // The first located access has nothing to compare with: no mail. The first from Australia is mailed.
    const mails = await db.select().from(mailOutbox).where(and(eq(mailOutbox.to, user.email), eq(mailOutbox.template, "derp-map-new-country")));
    expect(mails.length).toBeGreaterThanOrEqual(1);
    expect(mails[0].subject).toContain("AU");
    expect(mails[0].text).toContain("1.1.1.1");
    expect(mails[0].text).toContain("DB-IP");
  });
});
