import { and, desc, eq, isNotNull, lt, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { derpMapAccessLog, derpMapChannel, derpMapFormat, derpMapVersions, users } from "@/db/schema";
import { assertSelfOrAdmin } from "@/lib/auth/access";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { locateIp } from "@/lib/geo/geoip";
import { byId, pageOf, pageQuery, type Page } from "@/lib/http/paging";
import { formatDate } from "@/lib/i18n/date-format";
import { DEFAULT_TIME_ZONE } from "@/lib/i18n/time-zone";
import { logger } from "@/lib/logger";
import { sendMail } from "@/lib/mail/mailer";
import type { DerpMapFormat } from "./types";

export type DerpMapChannel = (typeof derpMapChannel.enumValues)[number];

export interface AccessInput {
  userId: string;
  versionId: string | null;
  action: "generate" | "download";
  format: DerpMapFormat | null;
  channel: DerpMapChannel;
  /** The client address as lib/http/request-meta.ts read it behind the trusted proxies (null when unknown). */
  meta: RequestMeta;
}

/**
 * Writes one access-log row, located with the offline database. `newCountry` marks a country that no earlier
 * row of this customer had; the customer is mailed about it unless this is their first located access at all
 * (nothing to compare with yet). A mail that cannot be sent does not fail the download: sendMail has written
 * the failure to the system log.
 */
export async function recordDerpMapAccess(db: DbOrTx, input: AccessInput): Promise<typeof derpMapAccessLog.$inferSelect> {
  const geo = await locateIp(input.meta.ip);
  const country = geo?.country ?? null;
  const [row] = await db
    .insert(derpMapAccessLog)
    .values({
      userId: input.userId,
      versionId: input.versionId,
      action: input.action,
      format: input.format,
      channel: input.channel,
      ip: input.meta.ip,
      country,
      region: geo?.region ?? null,
      city: geo?.city ?? null,
      userAgent: input.meta.userAgent?.slice(0, 500) ?? null,
      // Decided in the insert itself: one round trip on the path every poll takes. Two first visits from a new
      // country at the same instant may both be flagged (and mailed); that is harmless.
      newCountry: country
        ? sql`not exists (select 1 from ${derpMapAccessLog} seen where seen.user_id = ${input.userId} and seen.country = ${country})`
        : false,
      at: now(),
    })
    .returning();
  const newCountry = row.newCountry;
  let firstLocated = false;
  if (newCountry) {
    const [other] = await db
      .select({ id: derpMapAccessLog.id })
      .from(derpMapAccessLog)
      .where(and(eq(derpMapAccessLog.userId, input.userId), isNotNull(derpMapAccessLog.country), ne(derpMapAccessLog.country, row.country!)))
      .limit(1);
    firstLocated = !other;
  }
  if (newCountry && !firstLocated) await mailNewCountry(db, row).catch((e: unknown) => logger.warn({ err: e, userId: input.userId }, "new-country mail not sent"));
  return row;
}

async function mailNewCountry(db: DbOrTx, row: typeof derpMapAccessLog.$inferSelect): Promise<void> {
  const [user] = await db.select({ email: users.email, locale: users.locale, timeZone: users.timeZone }).from(users).where(eq(users.id, row.userId));
  if (!user) return;
  await sendMail(db, {
    to: user.email,
    locale: user.locale,
    template: "derp-map-new-country",
    data: {
      country: row.country ?? "",
      place: [row.city, row.region].filter(Boolean).join(", "),
      ip: row.ip ?? "",
      channel: row.channel,
      at: formatDate(row.at, { locale: user.locale, timeZone: user.timeZone ?? DEFAULT_TIME_ZONE }),
    },
  });
}

export const accessLogQuery = pageQuery(byId).extend({
  channel: z.enum(derpMapChannel.enumValues).optional(),
  format: z.enum(derpMapFormat.enumValues).optional(),
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/)
    .transform((c) => c.toUpperCase())
    .optional(),
});
export type AccessLogQuery = z.output<typeof accessLogQuery>;

export interface AccessLogEntry {
  id: number;
  action: "generate" | "download";
  format: DerpMapFormat | null;
  channel: DerpMapChannel;
  version: number | null;
  ip: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
  userAgent: string | null;
  newCountry: boolean;
  at: Date;
}

/** A customer's access log, newest first, paged by id; a customer reads only their own, an admin anyone's. */
export async function listDerpMapAccess(db: DbOrTx, actor: SessionUser, userId: string, query: AccessLogQuery): Promise<Page<AccessLogEntry>> {
  assertSelfOrAdmin(actor, userId);
  const rows = await db
    .select({
      id: derpMapAccessLog.id,
      action: derpMapAccessLog.action,
      format: derpMapAccessLog.format,
      channel: derpMapAccessLog.channel,
      version: derpMapVersions.version,
      ip: derpMapAccessLog.ip,
      country: derpMapAccessLog.country,
      region: derpMapAccessLog.region,
      city: derpMapAccessLog.city,
      userAgent: derpMapAccessLog.userAgent,
      newCountry: derpMapAccessLog.newCountry,
      at: derpMapAccessLog.at,
    })
    .from(derpMapAccessLog)
    .leftJoin(derpMapVersions, eq(derpMapVersions.id, derpMapAccessLog.versionId))
    .where(
      and(
        eq(derpMapAccessLog.userId, userId),
        query.cursor ? lt(derpMapAccessLog.id, query.cursor) : undefined,
        query.channel ? eq(derpMapAccessLog.channel, query.channel) : undefined,
        query.format ? eq(derpMapAccessLog.format, query.format) : undefined,
        query.country ? eq(derpMapAccessLog.country, query.country) : undefined,
      ),
    )
    .orderBy(desc(derpMapAccessLog.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit, (r) => [r.id]);
}
