import { z } from "zod";
import { apiTokenScope, userLocale, userRole, userStatus, type Region } from "@/db/schema";
import type { ApiTokenView } from "@/lib/accounts/api-tokens";
import type { Profile } from "@/lib/accounts/profile";
import type { SessionView } from "@/lib/accounts/sessions";
import type { TwoFactorStatus } from "@/lib/accounts/two-factor";
import type { RegionWithUsage } from "@/lib/regions/regions";
import type { JsonSchema } from "./responses";

/**
 * The answers the API reference describes exactly (the rest are "any object"). Each schema is typed against the
 * lib function's own return type as it reaches the wire (dates as ISO text), so changing that type without the
 * schema fails `tsc`; the schemathesis e2e run checks real answers against them. Objects are strict: a new
 * field is a documented change.
 */
type Wire<T> = T extends Date ? string : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

const timestamp = z.iso.datetime({ offset: true });

const profile = z.strictObject({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(userRole.enumValues),
  status: z.enum(userStatus.enumValues),
  locale: z.enum(userLocale.enumValues),
  timeZone: z.string().nullable(),
  emailVerifiedAt: timestamp.nullable(),
  lastLoginAt: timestamp.nullable(),
  createdAt: timestamp,
  twoFactor: z.boolean(),
}) satisfies z.ZodType<Wire<Profile>>;

const apiToken = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scope: z.enum(apiTokenScope.enumValues),
  createdAt: timestamp,
  expiresAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
}) satisfies z.ZodType<Wire<ApiTokenView>>;

const createdToken = z.strictObject({ token: z.string().startsWith("dmt_"), apiToken }) satisfies z.ZodType<
  Wire<{ token: string; apiToken: ApiTokenView }>
>;

const session = z.strictObject({
  id: z.uuid(),
  createdAt: timestamp,
  lastSeenAt: timestamp,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  browser: z.string().nullable(),
  os: z.string().nullable(),
  current: z.boolean(),
}) satisfies z.ZodType<Wire<SessionView>>;

const twoFactorStatus = z.strictObject({
  enabled: z.boolean(),
  enabledAt: timestamp.nullable(),
  pending: z.boolean(),
  recoveryCodesLeft: z.int().nonnegative(),
  required: z.boolean(),
}) satisfies z.ZodType<Wire<TwoFactorStatus>>;

const region = z.strictObject({
  id: z.uuid(),
  code: z.string(),
  nameEn: z.string(),
  nameZh: z.string(),
  latitude: z.number().min(-90).max(90).nullable(),
  longitude: z.number().min(-180).max(180).nullable(),
  country: z.string().regex(/^[A-Z]{2}$/).nullable(),
  active: z.boolean(),
  sortOrder: z.int(),
  createdAt: timestamp,
  updatedAt: timestamp,
}) satisfies z.ZodType<Wire<Region>>;

const regionWithUsage = region.extend({ rentalCount: z.int().nonnegative(), serverCount: z.int().nonnegative() }) satisfies z.ZodType<
  Wire<RegionWithUsage>
>;

const health = z.strictObject({ db: z.literal("ok"), migrations: z.literal("current") });

const asJson = (schema: z.ZodType): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "output" }) as JsonSchema;
  return rest;
};

/** The zod schemas themselves, for tests that check real answers against them. */
export const ANSWER_SCHEMAS = { profile, apiToken, createdToken, session, twoFactorStatus, region, regionWithUsage, health };

/** The same, as JSON Schema for the document. */
export const ANSWERS = Object.fromEntries(Object.entries(ANSWER_SCHEMAS).map(([k, v]) => [k, asJson(v)])) as Record<
  keyof typeof ANSWER_SCHEMAS,
  JsonSchema
>;
