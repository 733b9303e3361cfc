import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, regions, rentals } from "@/db/schema";
import { DELETE as deleteRoute, GET as getOne, PATCH as patchRoute } from "@/app/api/admin/regions/[id]/route";
import { GET as listRoute, POST as postRoute } from "@/app/api/admin/regions/route";
import { POST as activate } from "@/app/api/serial/activate/route";
import { redeemSerial } from "@/lib/billing/redeem-serial";
import { parseInput } from "@/lib/validation";
import { listRegionOptions } from "@/lib/regions/regions";
import { regionFormInput } from "@/lib/regions/schemas";
import { listRentalInfo } from "@/lib/rentals/rental-info";
import enErrors from "@/messages/en/errors.json";
import zhErrors from "@/messages/zh-CN/errors.json";
import { authHeaders, call, createUser, jsonRequest, sessionUser, type TestUser } from "../helpers/auth";
import { count, makeCodes, makePlan } from "../helpers/billing";
import { testDb, unique } from "../helpers/db";
import { makeRegion } from "../helpers/regions";

let db: Db;
let admin: TestUser;
let alice: TestUser;

beforeAll(async () => {
  db = (await testDb()).db;
  [admin, alice] = await Promise.all([createUser(db, { role: "admin" }), createUser(db)]);
});

const code = () => unique("r").toLowerCase();
const asAdmin = (extra: Record<string, string> = {}) => authHeaders(admin, { "accept-language": "en", ...extra });

async function post(body: unknown, headers?: Record<string, string>) {
  return call(postRoute, jsonRequest("/api/admin/regions", { body, headers: headers ?? (await asAdmin()) }));
}
async function patch(id: string, body: unknown, headers?: Record<string, string>) {
  return call(patchRoute, jsonRequest(`/api/admin/regions/${id}`, { method: "PATCH", body, headers: headers ?? (await asAdmin()) }), { id });
}
async function del(id: string, headers?: Record<string, string>) {
  return call(deleteRoute, jsonRequest(`/api/admin/regions/${id}`, { method: "DELETE", headers: headers ?? (await asAdmin()) }), { id });
}

describe("regions through the API", () => {
  it("creates (201), lists in sort order, reads, changes and deletes (204), each audit-logged", async () => {
    const first = code();
    const second = code();
    const created = await post({ code: second.toUpperCase(), nameEn: "Frankfurt", nameZh: "法兰克福", country: "de", latitude: 50.11, longitude: 8.68, sortOrder: -5 });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(["data"]);
    expect(created.body.data).toMatchObject({ code: second, nameEn: "Frankfurt", nameZh: "法兰克福", country: "DE", latitude: 50.11, longitude: 8.68, active: true, sortOrder: -5 });
    expect(created.body.data.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const other = await post({ code: first, nameEn: "Hong Kong", nameZh: "香港", sortOrder: -6 });
    expect(other.status).toBe(201);
    expect(other.body.data).toMatchObject({ latitude: null, longitude: null, country: null, active: true });

    const list = await call(listRoute, jsonRequest("/api/admin/regions", { headers: await asAdmin() }));
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    const codes = list.body.items.map((r: { code: string }) => r.code);
    expect(codes.indexOf(first)).toBeLessThan(codes.indexOf(second));
    expect(list.body.items.find((r: { code: string }) => r.code === second)).toMatchObject({ rentalCount: 0, serverCount: 0 });

    const id = created.body.data.id;
    const one = await call(getOne, jsonRequest(`/api/admin/regions/${id}`, { headers: await asAdmin() }), { id });
    expect(one.body).toEqual({ data: { ...created.body.data, rentalCount: 0, serverCount: 0 } });

    const changed = await patch(id, { nameEn: "Frankfurt am Main", latitude: null, longitude: null, active: false });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ code: second, nameEn: "Frankfurt am Main", latitude: null, longitude: null, active: false, country: "DE" });

    const gone = await del(id);
    expect(gone.status).toBe(204);
    expect(await gone.res.text()).toBe("");
    const missing = await call(getOne, jsonRequest(`/api/admin/regions/${id}`, { headers: await asAdmin() }), { id });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("region_unknown");
    expect((await patch(id, { active: true })).body.error.code).toBe("region_unknown");
    expect((await del(id)).status).toBe(404);

    const audit = await db.select().from(auditLog).where(and(eq(auditLog.targetType, "region"), eq(auditLog.targetId, id)));
    expect(audit.map((a) => a.action).sort()).toEqual(["region.create", "region.delete", "region.update"]);
    const update = audit.find((a) => a.action === "region.update")!;
    expect(update).toMatchObject({ actorId: admin.id, details: { before: { nameEn: "Frankfurt", active: true }, after: { nameEn: "Frankfurt am Main", active: false } } });
  });

  it("refuses bad codes, duplicate codes, out-of-range coordinates, half coordinates and unknown countries", async () => {
    for (const bad of ["no spaces!", "a", "-hk", "hk-", "hk_1", "x".repeat(33), "", "hé"]) {
      const r = await post({ code: bad, nameEn: "X", nameZh: "X" });
      expect({ bad, status: r.status }).toEqual({ bad, status: 400 });
      expect(r.body.error.fieldErrors.code, bad).toBeDefined();
    }
    expect((await post({ code: "no spaces!", nameEn: "X", nameZh: "X" })).body.error.fieldErrors.code).toEqual([{ code: "region_invalid", message: enErrors.region_invalid }]);

    const taken = code();
    expect((await post({ code: taken, nameEn: "X", nameZh: "X" })).status).toBe(201);
    // In the caller's language: this admin reads Chinese.
    const zhAdmin = await createUser(db, { role: "admin", locale: "zh-CN" });
    const dup = await post({ code: taken.toUpperCase(), nameEn: "Y", nameZh: "Y" }, await authHeaders(zhAdmin));
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: "region_code_taken", message: zhErrors.region_code_taken, fieldErrors: { code: [{ code: "region_code_taken", message: zhErrors.region_code_taken }] } });
    const another = await post({ code: code(), nameEn: "Z", nameZh: "Z" });
    expect((await patch(another.body.data.id, { code: taken })).body.error.code).toBe("region_code_taken");

    const base = { nameEn: "X", nameZh: "X" };
    const cases: [Record<string, unknown>, string][] = [
      [{ latitude: 90.5, longitude: 0 }, "latitude"],
      [{ latitude: -91, longitude: 0 }, "latitude"],
      [{ latitude: 0, longitude: 180.01 }, "longitude"],
      [{ latitude: 0, longitude: -181 }, "longitude"],
      [{ latitude: "45", longitude: 10 }, "latitude"],
      [{ latitude: 45 }, "longitude"],
      [{ longitude: 45 }, "latitude"],
      [{ country: "XX" }, "country"],
      [{ country: "USA" }, "country"],
      [{ country: "1A" }, "country"],
      [{ country: "EU" }, "country"],
      [{ sortOrder: 1.5 }, "sortOrder"],
      [{ active: "yes" }, "active"],
    ];
    for (const [fields, field] of cases) {
      const r = await post({ code: code(), ...base, ...fields });
      expect({ fields, status: r.status }).toEqual({ fields, status: 400 });
      expect(Object.keys(r.body.error.fieldErrors), JSON.stringify(fields)).toEqual([field]);
    }
    expect((await post({ code: code(), ...base, country: "XX" })).body.error.fieldErrors.country).toEqual([{ code: "country_invalid", message: enErrors.country_invalid }]);
    expect((await post({ code: code(), ...base, latitude: 45 })).body.error.fieldErrors.longitude).toEqual([{ code: "region_coordinates_pair", message: enErrors.region_coordinates_pair }]);

    // A change that would leave one coordinate alone is refused too; nothing is changed.
    const placed = await post({ code: code(), ...base, latitude: 1, longitude: 2 });
    const half = await patch(placed.body.data.id, { longitude: null });
    expect(half.status).toBe(400);
    expect(half.body.error.fieldErrors.longitude).toEqual([{ code: "region_coordinates_pair", message: enErrors.region_coordinates_pair }]);
    expect(await db.$count(regions, and(eq(regions.id, placed.body.data.id), eq(regions.longitude, 2)))).toBe(1);
    expect((await patch(placed.body.data.id, { latitude: 91 })).status).toBe(400);
    expect((await patch(placed.body.data.id, { code: "Not valid" })).status).toBe(400);
  });

  it("is for admins only: customers get 403 forbidden, anonymous callers 401 unauthorized", async () => {
    const region = await makeRegion(db, sessionUser(admin));
    const customer = await authHeaders(alice);
    const attempts = [
      () => call(listRoute, jsonRequest("/api/admin/regions", { headers: customer })),
      () => post({ code: code(), nameEn: "X", nameZh: "X" }, customer),
      () => call(getOne, jsonRequest(`/api/admin/regions/${region.id}`, { headers: customer }), { id: region.id }),
      () => patch(region.id, { active: false }, customer),
      () => del(region.id, customer),
    ];
    for (const attempt of attempts) {
      const r = await attempt();
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe("forbidden");
    }
    const anonymous = [
      () => call(listRoute, jsonRequest("/api/admin/regions")),
      () => post({ code: code(), nameEn: "X", nameZh: "X" }, {}),
      () => patch(region.id, { active: false }, {}),
      () => del(region.id, {}),
    ];
    for (const attempt of anonymous) {
      const r = await attempt();
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe("unauthorized");
    }
    const [row] = await db.select().from(regions).where(eq(regions.id, region.id));
    expect(row.active).toBe(true);
  });
});

describe("regions and redemption", () => {
  it("refuses an unknown or inactive region with nothing written, and takes an active one", async () => {
    const plan = await makePlan(db, sessionUser(admin));
    const { codes, batch } = await makeCodes(db, sessionUser(admin), plan, 2);
    const inactive = await makeRegion(db, sessionUser(admin), { active: false });
    const active = await makeRegion(db, sessionUser(admin), { nameEn: "Singapore", nameZh: "新加坡" });
    const headers = await authHeaders(alice, { "accept-language": "en" });
    const nothingWritten = async () => {
      expect(await count(db, sql`select count(*) as n from orders where user_id = ${alice.id}`)).toBe(0);
      expect(await count(db, sql`select count(*) as n from rentals where user_id = ${alice.id}`)).toBe(0);
      expect(await count(db, sql`select count(*) as n from serial_codes where batch_id = ${batch.id} and status = 'unused'`)).toBe(2);
    };

    const unknown = await call(activate, jsonRequest("/api/serial/activate", { body: { code: codes[0], region: "mars-1" }, headers }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: "region_unknown", fieldErrors: { region: [{ code: "region_unknown", message: enErrors.region_unknown }] } });
    await nothingWritten();

    const off = await call(activate, jsonRequest("/api/serial/activate", { body: { code: codes[0], region: inactive.code }, headers }));
    expect(off.status).toBe(400);
    expect(off.body.error).toMatchObject({ code: "region_inactive", fieldErrors: { region: [{ code: "region_inactive", message: enErrors.region_inactive }] } });
    await nothingWritten();

    const ok = await call(activate, jsonRequest("/api/serial/activate", { body: { code: codes[0], region: active.code }, headers }));
    expect(ok.status).toBeGreaterThanOrEqual(200);
    expect(ok.status).toBeLessThan(300);
    const [rental] = await db.select().from(rentals).where(eq(rentals.userId, alice.id));
    expect(rental.regionId).toBe(active.id);

    // Without a region: "any region".
    const any = await redeemSerial(db, sessionUser(alice), { code: codes[1] });
    expect(any.rental).toMatchObject({ regionId: active.id, region: active.code });

    const [info] = await listRentalInfo(db, sessionUser(alice), alice.id);
    expect(info).toMatchObject({ region: active.code, regionId: active.id, regionNameEn: "Singapore", regionNameZh: "新加坡" });
  });

  it("offers customers only the active regions, in sort order", async () => {
    const later = await makeRegion(db, sessionUser(admin), { sortOrder: 900_001 });
    const sooner = await makeRegion(db, sessionUser(admin), { sortOrder: 900_000 });
    const hidden = await makeRegion(db, sessionUser(admin), { sortOrder: 899_999, active: false });
    const options = (await listRegionOptions(db)).map((o) => o.code);
    expect(options).not.toContain(hidden.code);
    expect(options.indexOf(sooner.code)).toBeGreaterThanOrEqual(0);
    expect(options.indexOf(sooner.code)).toBeLessThan(options.indexOf(later.code));
  });

  it("refuses to delete a region rentals refer to (409 region_in_use); deactivating it keeps the rentals' region", async () => {
    const plan = await makePlan(db, sessionUser(admin));
    const { codes } = await makeCodes(db, sessionUser(admin), plan, 1);
    const region = await makeRegion(db, sessionUser(admin));
    const bob = await createUser(db);
    const redeemed = await redeemSerial(db, sessionUser(bob), { code: codes[0], region: region.code });

    const refused = await del(region.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "region_in_use", message: "This region is in use (1 rental, 0 servers): deactivate it instead of deleting it." });
    expect(await db.$count(regions, eq(regions.id, region.id))).toBe(1);

    const off = await patch(region.id, { active: false });
    expect(off.body.data.active).toBe(false);
    const [rental] = await db.select().from(rentals).where(eq(rentals.id, redeemed.rental.id));
    expect(rental.regionId).toBe(region.id);
    const [info] = await listRentalInfo(db, sessionUser(bob), bob.id);
    expect(info.region).toBe(region.code);
  });
});

describe("the admin form's input", () => {
  it("reads empty optional fields as none and typed numbers as numbers", () => {
    expect(parseInput(regionFormInput, { code: " HK-2 ", nameEn: "Hong Kong", nameZh: "香港", sortOrder: "10", active: "on" }, "en", "text")).toEqual({
      code: "hk-2",
      nameEn: "Hong Kong",
      nameZh: "香港",
      latitude: null,
      longitude: null,
      country: null,
      sortOrder: 10,
      active: true,
    });
    expect(parseInput(regionFormInput, { code: "hk", nameEn: "a", nameZh: "b", latitude: "22.3", longitude: "114.2", country: "hk" }, "en", "text")).toMatchObject({
      latitude: 22.3,
      longitude: 114.2,
      country: "HK",
      active: false,
      sortOrder: 0,
    });
    expect(() => parseInput(regionFormInput, { code: "hk", nameEn: "a", nameZh: "b", latitude: "north" }, "en", "text")).toThrow();
  });
});
