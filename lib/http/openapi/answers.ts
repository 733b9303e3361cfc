import { z } from "zod";
import {
  apiTokenScope,
  controlServerKind,
  derpMapChannel,
  derpMapFormat,
  derpNaming,
  logLevel,
  networkMode,
  orderStatus,
  relayKind,
  relayState,
  rentalStatus,
  serialCodeStatus,
  serverStatus,
  userLocale,
  userRole,
  userStatus,
  type AuditLogRow,
  type HostInfo,
  type MailOutboxRow,
  type Plan,
  type Region,
  type ServerStatus,
  type SystemLogRow,
} from "@/db/schema";
import type { ApiTokenView } from "@/lib/accounts/api-tokens";
import type { AdminOrder, UserOrder } from "@/lib/billing/orders";
import type { PlanRentalRow, PlanSales } from "@/lib/billing/plan-overview";
import type { PlanWithUsage } from "@/lib/billing/plans";
import type { RedeemResult } from "@/lib/billing/redeem-serial";
import type { AdminRentalView } from "@/lib/rentals/admin-rental-view";
import type { BatchSummary, generateSerialBatch } from "@/lib/billing/serial-batches";
import type { BatchCodeRow, revokeSerialCode, revokeUnusedCodes } from "@/lib/billing/serial-codes";
import type { SerialSearchHit } from "@/lib/billing/serial-search";
import { BUCKETS } from "@/lib/billing/series";
import type { FinanceStatistics } from "@/lib/billing/statistics";
import type { Profile } from "@/lib/accounts/profile";
import type { SessionView } from "@/lib/accounts/sessions";
import type { confirmTotpEnrolment, startTotpEnrolment, TwoFactorStatus } from "@/lib/accounts/two-factor";
import type { UserNoteView } from "@/lib/accounts/user-notes";
import type { AllocationView } from "@/lib/containers/container-actions";
import type { ReconcileReport } from "@/lib/containers/reconcile-plan";
import type { RelayView } from "@/lib/containers/relay-view";
import type { AccessLogEntry } from "@/lib/derp-map/access-log";
import type { DerpMapView } from "@/lib/derp-map/customer-map";
import type { DerpMap } from "@/lib/derp-map/types";
import type { ControlAccountView } from "@/lib/devices/control-servers/accounts";
import type { importNodes, NodeView } from "@/lib/devices/control-servers/import-nodes";
import type { SyncResult } from "@/lib/devices/control-servers/sync";
import type { DeviceView, renameDevice } from "@/lib/devices/devices";
import type { PendingDevice } from "@/lib/devices/pending";
import type { HealthCheckItem } from "@/lib/fleet/monitor/health";
import { TREND_RANGES, type ServerTrends } from "@/lib/fleet/monitor/trend-types";
import type { ServerStatusView } from "@/lib/fleet/servers/get-server";
import type { RegionSummary } from "@/lib/fleet/servers/region-summary";
import type { DockerSettingsView, ServerLatency, ServerLoad, ServerView } from "@/lib/fleet/servers/server-view";
import type { ConnectionTestResult } from "@/lib/fleet/servers/test-connection";
import type { HistoryEntry } from "@/lib/history/read-history";
import type { RegionWithUsage } from "@/lib/regions/regions";
import type { RentalInfo } from "@/lib/rentals/rental-info";
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

/** Byte counts are bigint columns read in drizzle's number mode: JSON numbers on the wire. */
const bytes = z.int().nonnegative();

/** ISO 4217, upper case. */
const currency = z.string().regex(/^[A-Z]{3}$/);

const rentalInfo = z.strictObject({
  id: z.uuid(),
  planId: z.uuid(),
  planNameEn: z.string(),
  planNameZh: z.string(),
  status: z.enum(rentalStatus.enumValues),
  region: z.string().nullable(),
  regionId: z.uuid().nullable(),
  regionNameEn: z.string().nullable(),
  regionNameZh: z.string().nullable(),
  startsAt: timestamp,
  expiresAt: timestamp,
  daysLeft: z.int().nonnegative(),
  trafficUsedBytes: bytes,
  trafficQuotaBytes: bytes,
  devicesUsed: z.int().nonnegative(),
  deviceLimit: z.int().nonnegative(),
  bandwidthLimitBytesPerSec: bytes.nullable(),
  allocationProblem: z.string().nullable(),
}) satisfies z.ZodType<Wire<RentalInfo>>;

const port = z.int().min(1).max(65535);

const relay = z.strictObject({
  id: z.uuid(),
  node: z.int().nonnegative(),
  state: z.enum(relayState.enumValues),
  stateReason: z.string().nullable(),
  stateChangedAt: timestamp,
  startedAt: timestamp.nullable(),
  containerName: z.string(),
  hostname: z.string(),
  ipv4: z.string(),
  ipv6: z.string().nullable(),
  derpPort: port,
  stunPort: port,
  certName: z.string().nullable(),
  lastProbeAt: timestamp.nullable(),
  lastProbeOk: z.boolean().nullable(),
  createdAt: timestamp,
  server: z.strictObject({ id: z.uuid(), name: z.string() }),
  region: z.strictObject({ id: z.uuid(), code: z.string(), nameEn: z.string(), nameZh: z.string() }),
  rental: z
    .strictObject({
      id: z.uuid(),
      status: z.enum(rentalStatus.enumValues),
      userId: z.uuid(),
      userEmail: z.string(),
      trafficUsedBytes: bytes,
      trafficQuotaBytes: bytes,
      allocationProblem: z.string().nullable(),
    })
    .nullable(),
}) satisfies z.ZodType<Wire<RelayView>>;

const allocation = z.strictObject({
  rentalId: z.uuid(),
  rentalStatus: z.enum(rentalStatus.enumValues),
  problem: z.string().nullable(),
  relays: z.array(relay),
}) satisfies z.ZodType<Wire<AllocationView>>;

const device = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  nodeKey: z.string().startsWith("nodekey:"),
  source: z.enum(["manual", "pending", "import"]),
  createdAt: timestamp,
  withinLimit: z.boolean(),
}) satisfies z.ZodType<Wire<DeviceView>>;

const renamedDevice = z.strictObject({ id: z.uuid(), name: z.string() }) satisfies z.ZodType<Wire<Awaited<ReturnType<typeof renameDevice>>>>;

const pendingDevice = z.strictObject({
  id: z.int().positive(),
  nodeKey: z.string(),
  sourceIp: z.string().nullable(),
  country: z.string().nullable(),
  region: z.string().nullable(),
  city: z.string().nullable(),
  reason: z.string(),
  count: z.int().positive(),
  firstAt: timestamp,
  lastAt: timestamp,
}) satisfies z.ZodType<Wire<PendingDevice>>;

/** Tailscale's DERPMap in its own field names (lib/derp-map/types.ts), as lib/derp-map/canonical.ts orders it. */
const derpMap = z.strictObject({
  OmitDefaultRegions: z.boolean(),
  Regions: z.record(
    z.string().regex(/^\d+$/),
    z.strictObject({
      RegionID: z.int().positive(),
      RegionCode: z.string(),
      RegionName: z.string(),
      Nodes: z.array(
        z.strictObject({
          Name: z.string(),
          RegionID: z.int().positive(),
          HostName: z.string(),
          CertName: z.string().optional(),
          IPv4: z.string(),
          IPv6: z.string().optional(),
          STUNPort: port,
          DERPPort: port,
        }),
      ),
    }),
  ),
}) satisfies z.ZodType<Wire<DerpMap>>;

const derpMapView = z.strictObject({
  userId: z.uuid(),
  version: z.int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  reason: z.string(),
  createdAt: timestamp,
  map: derpMap,
  formats: z.record(z.enum(derpMapFormat.enumValues), z.string()),
}) satisfies z.ZodType<Wire<DerpMapView>>;

const derpMapAccess = z.strictObject({
  id: z.int().positive(),
  action: z.enum(["generate", "download"]),
  format: z.enum(derpMapFormat.enumValues).nullable(),
  channel: z.enum(derpMapChannel.enumValues),
  version: z.int().positive().nullable(),
  ip: z.string().nullable(),
  country: z.string().nullable(),
  region: z.string().nullable(),
  city: z.string().nullable(),
  userAgent: z.string().nullable(),
  newCountry: z.boolean(),
  at: timestamp,
}) satisfies z.ZodType<Wire<AccessLogEntry>>;

const redemption = z.strictObject({
  orderId: z.int().positive(),
  extended: z.boolean(),
  rental: z.strictObject({
    id: z.uuid(),
    planId: z.uuid(),
    status: z.enum(rentalStatus.enumValues),
    region: z.string().nullable(),
    regionId: z.uuid().nullable(),
    startsAt: timestamp,
    expiresAt: timestamp,
    trafficQuotaBytes: bytes,
    deviceLimit: z.int().nonnegative(),
  }),
  plan: z.strictObject({ id: z.uuid(), nameEn: z.string(), nameZh: z.string(), durationDays: z.int().positive() }),
  amountMinor: z.int().nonnegative(),
  currency,
}) satisfies z.ZodType<Wire<RedeemResult>>;

const adminRental = z.strictObject({
  id: z.uuid(),
  userId: z.uuid(),
  planId: z.uuid(),
  regionId: z.uuid().nullable(),
  status: z.enum(rentalStatus.enumValues),
  startsAt: timestamp,
  expiresAt: timestamp,
  trafficQuotaBytes: bytes,
  trafficUsedBytes: bytes,
  deviceLimit: z.int().nonnegative(),
  bandwidthLimitBytesPerSec: bytes.nullable(),
  relayNodes: z.int().positive(),
  derpRegionId: z.int().nullable(),
  allocationProblem: z.string().nullable(),
  allocationProblemAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
}) satisfies z.ZodType<Wire<AdminRentalView>>;

const grantedRental = z.strictObject({ rental: adminRental, extended: z.boolean() });

const plan = z.strictObject({
  id: z.uuid(),
  nameEn: z.string(),
  nameZh: z.string(),
  durationDays: z.int().positive(),
  trafficQuotaBytes: bytes,
  deviceLimit: z.int().positive(),
  bandwidthLimitBytesPerSec: bytes.nullable(),
  relayNodes: z.int().min(1).max(2),
  priceMinor: z.int().nonnegative(),
  currency,
  active: z.boolean(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
}) satisfies z.ZodType<Wire<Plan>>;

const planWithUsage = plan.extend({ sold: z.boolean() }) satisfies z.ZodType<Wire<PlanWithUsage>>;

const planSales = z.strictObject({
  orders: z.int().nonnegative(),
  revenue: z.array(z.strictObject({ currency, amountMinor: z.int().nonnegative(), orders: z.int().nonnegative() })),
}) satisfies z.ZodType<Wire<PlanSales>>;

const planRental = z.strictObject({
  id: z.uuid(),
  userId: z.uuid(),
  email: z.string(),
  status: z.enum(rentalStatus.enumValues),
  region: z.string().nullable(),
  regionNameEn: z.string().nullable(),
  regionNameZh: z.string().nullable(),
  startsAt: timestamp,
  expiresAt: timestamp,
  trafficUsedBytes: bytes,
  trafficQuotaBytes: bytes,
  createdAt: timestamp,
}) satisfies z.ZodType<Wire<PlanRentalRow>>;

const codeStatus = z.enum(serialCodeStatus.enumValues);
/** A serial code in full, as `generate_serial` sends it once: four groups of five. */
const serialCode = z.string().regex(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
/** Only the last group visible; the full code is in the audit-logged export. */
const maskedCode = z.string().regex(/^•••••-•••••-•••••-[0-9A-Z]{5}$/);

const serialBatch = z.strictObject({
  id: z.uuid(),
  planId: z.uuid(),
  count: z.int().positive(),
  priceMinor: z.int().nonnegative(),
  currency,
  channel: z.string().nullable(),
  note: z.string().nullable(),
  redeemBy: timestamp.nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: timestamp,
  planNameEn: z.string(),
  planNameZh: z.string(),
  createdByEmail: z.string().nullable(),
  counts: z.strictObject({ unused: z.int().nonnegative(), redeemed: z.int().nonnegative(), revoked: z.int().nonnegative() }),
}) satisfies z.ZodType<Wire<BatchSummary>>;

const generatedBatch = z.strictObject({ batch: serialBatch, codes: z.array(serialCode) }) satisfies z.ZodType<
  Wire<Awaited<ReturnType<typeof generateSerialBatch>>>
>;

const batchCode = z.strictObject({
  id: z.int().positive(),
  masked: maskedCode,
  status: codeStatus,
  redeemedBy: z.uuid().nullable(),
  redeemedByEmail: z.string().nullable(),
  redeemedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
}) satisfies z.ZodType<Wire<BatchCodeRow>>;

const serialSearchHit = z.strictObject({
  id: z.int().positive(),
  masked: maskedCode,
  status: codeStatus,
  batchId: z.uuid(),
  batchCreatedAt: timestamp,
  channel: z.string().nullable(),
  planId: z.uuid(),
  planNameEn: z.string(),
  planNameZh: z.string(),
  redeemedBy: z.uuid().nullable(),
  redeemedByEmail: z.string().nullable(),
  redeemedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  orderId: z.int().positive().nullable(),
}) satisfies z.ZodType<Wire<SerialSearchHit>>;

const revokedCode = z.strictObject({ id: z.int().positive(), status: codeStatus }) satisfies z.ZodType<
  Wire<Awaited<ReturnType<typeof revokeSerialCode>>>
>;

const revokedCount = z.strictObject({ revoked: z.int().nonnegative() }) satisfies z.ZodType<Wire<Awaited<ReturnType<typeof revokeUnusedCodes>>>>;

const userOrder = z.strictObject({
  id: z.int().positive(),
  paidAt: timestamp,
  status: z.enum(orderStatus.enumValues),
  planId: z.uuid(),
  planNameEn: z.string(),
  planNameZh: z.string(),
  amountMinor: z.int().nonnegative(),
  currency,
  rentalId: z.uuid().nullable(),
}) satisfies z.ZodType<Wire<UserOrder>>;

const adminOrder = userOrder.extend({
  userId: z.uuid(),
  userEmail: z.string(),
  batchId: z.uuid().nullable(),
  channel: z.string().nullable(),
}) satisfies z.ZodType<Wire<AdminOrder>>;

/** A UTC day, "2025-01-31". */
const day = z.iso.date();
const moneySum = { currency, amountMinor: z.int().nonnegative(), orders: z.int().nonnegative() };
const bucketSpan = { bucket: day, bucketEnd: day };

const financeStatistics = z.strictObject({
  from: day,
  to: day,
  groupBy: z.enum(BUCKETS),
  totals: z.array(z.strictObject(moneySum)),
  series: z.array(z.strictObject({ ...moneySum, ...bucketSpan })),
  perPlan: z.array(z.strictObject({ ...moneySum, planId: z.uuid(), planNameEn: z.string(), planNameZh: z.string() })),
  perChannel: z.array(z.strictObject({ ...moneySum, channel: z.string().nullable() })),
  redemptions: z.array(z.strictObject({ ...bucketSpan, count: z.int().nonnegative() })),
  rentalsNow: z.strictObject({
    active: z.int().nonnegative(),
    pending: z.int().nonnegative(),
    overQuota: z.int().nonnegative(),
    suspended: z.int().nonnegative(),
  }),
}) satisfies z.ZodType<Wire<FinanceStatistics>>;

const serverStatusEnum = z.enum(serverStatus.enumValues);
const hostInfo = z.strictObject({
  dockerVersion: z.string(),
  cpus: z.number().positive(),
  memoryBytes: bytes,
  containersRunning: z.int().nonnegative(),
}) satisfies z.ZodType<Wire<HostInfo>>;

const serverLoad = z.strictObject({
  relaysRunning: z.int().nonnegative(),
  relaysLive: z.int().nonnegative(),
  capacity: z.int().nonnegative(),
  ratio: z.number().nonnegative(),
}) satisfies z.ZodType<Wire<ServerLoad>>;

const latencyReading = z.strictObject({ at: timestamp, ok: z.boolean(), rttMs: z.number().nonnegative().nullable(), error: z.string().nullable() });
const serverLatency = z.strictObject({ https: latencyReading.nullable(), stun: latencyReading.nullable() }) satisfies z.ZodType<Wire<ServerLatency>>;

/** Where the engine is; secrets only as "stored" flags (hasKey, hasPrivateKey), never their text. */
const dockerSettings = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("socket"), socketPath: z.string() }),
  z.strictObject({ kind: z.literal("tls"), host: z.string(), port, ca: z.string(), cert: z.string(), hasKey: z.boolean() }),
  z.strictObject({ kind: z.literal("ssh"), host: z.string(), port, username: z.string(), hostKeySha256: z.string(), hasPrivateKey: z.boolean() }),
]) satisfies z.ZodType<Wire<DockerSettingsView>>;

const server = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  region: z.strictObject({ id: z.uuid(), code: z.string(), nameEn: z.string(), nameZh: z.string(), active: z.boolean() }),
  publicIpv4: z.string(),
  publicIpv6: z.string().nullable(),
  derpNaming: z.enum(derpNaming.enumValues),
  derpDomain: z.string().nullable(),
  /** Public: the operator's wildcard certificate chain (the key is sealed, `hasWildcardKey`). */
  wildcardCertPem: z.string().nullable(),
  wildcardCertificate: z
    .strictObject({ subject: z.string(), issuer: z.string(), dnsNames: z.array(z.string()), ipAddresses: z.array(z.string()), notBefore: timestamp, notAfter: timestamp })
    .nullable(),
  hasWildcardKey: z.boolean(),
  derpPortMin: port,
  derpPortMax: port,
  stunPortMin: port,
  stunPortMax: port,
  capacity: z.int().positive(),
  networkMode: z.enum(networkMode.enumValues),
  relayCpuLimit: z.number().positive().nullable(),
  relayMemoryLimitBytes: bytes.nullable(),
  enabled: z.boolean(),
  draining: z.boolean(),
  docker: dockerSettings,
  status: serverStatusEnum,
  statusChangedAt: timestamp.nullable(),
  lastCheckedAt: timestamp.nullable(),
  lastError: z.string().nullable(),
  hostInfo: hostInfo.nullable(),
  load: serverLoad,
  latency: serverLatency,
  createdAt: timestamp,
  updatedAt: timestamp,
}) satisfies z.ZodType<Wire<ServerView>>;

const serverStatusView = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  enabled: z.boolean(),
  draining: z.boolean(),
  status: serverStatusEnum,
  statusChangedAt: timestamp.nullable(),
  lastCheckedAt: timestamp.nullable(),
  lastError: z.string().nullable(),
  hostInfo: hostInfo.nullable(),
  load: serverLoad,
  latency: serverLatency,
  relays: z.array(
    z.strictObject({
      id: z.uuid(),
      kind: z.enum(relayKind.enumValues),
      containerName: z.string(),
      state: z.enum(relayState.enumValues),
      stateReason: z.string().nullable(),
      stateChangedAt: timestamp,
      derpPort: port,
      stunPort: port,
      hostname: z.string(),
      certName: z.string().nullable(),
      certExpiresAt: timestamp.nullable(),
      lastProbeAt: timestamp.nullable(),
      lastProbeOk: z.boolean().nullable(),
    }),
  ),
}) satisfies z.ZodType<Wire<ServerStatusView>>;

const latencyPoint = z.strictObject({
  t: timestamp,
  samples: z.int().nonnegative(),
  failures: z.int().nonnegative(),
  loss: z.number().min(0).max(1).nullable(),
  minMs: z.number().nonnegative().nullable(),
  avgMs: z.number().nonnegative().nullable(),
  p95Ms: z.number().nonnegative().nullable(),
  maxMs: z.number().nonnegative().nullable(),
});

const serverTrends = z.strictObject({
  range: z.enum(TREND_RANGES),
  bucketSeconds: z.int().positive(),
  from: timestamp,
  to: timestamp,
  https: z.array(latencyPoint),
  stun: z.array(latencyPoint),
  load: z.array(
    z.strictObject({
      t: timestamp,
      samples: z.int().nonnegative(),
      relaysRunning: z.number().nonnegative().nullable(),
      capacity: z.number().nonnegative().nullable(),
      cpuPercent: z.number().nonnegative().nullable(),
      memoryBytes: z.number().nonnegative().nullable(),
      hostCpus: z.number().nonnegative().nullable(),
      hostMemoryBytes: z.number().nonnegative().nullable(),
      downChecks: z.int().nonnegative(),
    }),
  ),
}) satisfies z.ZodType<Wire<ServerTrends>>;

const serverHealth = z.strictObject({
  serverId: z.uuid(),
  name: z.string(),
  status: serverStatusEnum,
  error: z.string().nullable(),
  checkedAt: timestamp,
}) satisfies z.ZodType<Wire<HealthCheckItem>>;

const connectionTest = z.discriminatedUnion("ok", [
  z.strictObject({
    ok: z.literal(true),
    hostInfo: z.strictObject({
      dockerVersion: z.string(),
      apiVersion: z.string().nullable(),
      os: z.string(),
      architecture: z.string(),
      cpus: z.number().positive(),
      memoryBytes: bytes,
      containersRunning: z.int().nonnegative(),
    }),
    testedAt: timestamp,
    durationMs: z.number().nonnegative(),
  }),
  z.strictObject({
    ok: z.literal(false),
    error: z.strictObject({
      code: z.enum(["invalid_settings", "timeout", "socket_missing", "socket_denied", "refused", "unreachable", "tls", "ssh_host_key", "ssh_auth", "ssh", "engine"]),
      message: z.string(),
    }),
    testedAt: timestamp,
    durationMs: z.number().nonnegative(),
  }),
]) satisfies z.ZodType<Wire<ConnectionTestResult>>;

const regionSummary = z.strictObject({
  region: z.strictObject({ id: z.uuid(), code: z.string(), nameEn: z.string(), nameZh: z.string(), active: z.boolean() }),
  servers: z.int().nonnegative(),
  enabledServers: z.int().nonnegative(),
  serversByStatus: z.strictObject(Object.fromEntries(serverStatus.enumValues.map((s) => [s, z.int().nonnegative()])) as Record<ServerStatus, z.ZodInt>),
  customers: z.int().nonnegative(),
  relays: z.int().nonnegative(),
  relaysRunning: z.int().nonnegative(),
  capacity: z.int().nonnegative(),
  load: z.number().nonnegative(),
}) satisfies z.ZodType<Wire<RegionSummary>>;

const userNote = z.strictObject({
  id: z.uuid(),
  userId: z.uuid(),
  authorId: z.uuid().nullable(),
  authorEmail: z.string(),
  body: z.string(),
  createdAt: timestamp,
}) satisfies z.ZodType<Wire<UserNoteView>>;

/** Free-form facts of one entry (what changed, from where): any JSON object. */
const logFacts = z.record(z.string(), z.unknown());

const auditEntry = z.strictObject({
  id: z.int().positive(),
  at: timestamp,
  actorId: z.uuid().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: logFacts,
}) satisfies z.ZodType<Wire<AuditLogRow>>;

const systemLogEntry = z.strictObject({
  id: z.int().positive(),
  at: timestamp,
  level: z.enum(logLevel.enumValues),
  source: z.string(),
  message: z.string(),
  context: logFacts,
}) satisfies z.ZodType<Wire<SystemLogRow>>;

const historyEntry = z.strictObject({
  id: z.int().positive(),
  type: z.string(),
  at: timestamp,
  /** The facts the sentence was made from: any JSON object. */
  data: z.record(z.string(), z.unknown()),
  message: z.string(),
  actorId: z.uuid().nullable(),
}) satisfies z.ZodType<Wire<HistoryEntry>>;

/** A new authenticator secret, in this answer only: base32 and the otpauth:// URI that carries it. */
const totpEnrolment = z.strictObject({ secret: z.string().regex(/^[A-Z2-7]+=*$/), uri: z.string().startsWith("otpauth://totp/") }) satisfies z.ZodType<
  Wire<Awaited<ReturnType<typeof startTotpEnrolment>>>
>;

/** Shown this once. */
const recoveryCodes = z.strictObject({ recoveryCodes: z.array(z.string()).min(1) }) satisfies z.ZodType<
  Wire<Awaited<ReturnType<typeof confirmTotpEnrolment>>>
>;

/** A mail kept in the development outbox (it carries its codes: admins only). */
const outboxMail = z.strictObject({
  id: z.int().positive(),
  createdAt: timestamp,
  to: z.string(),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  template: z.string(),
  locale: z.enum(userLocale.enumValues),
}) satisfies z.ZodType<Wire<MailOutboxRow>>;

const reconcileReport = z.strictObject({
  startedAt: timestamp,
  servers: z.array(
    z.strictObject({
      serverId: z.uuid(),
      name: z.string(),
      reachable: z.boolean(),
      actions: z.array(
        z.strictObject({
          kind: z.enum(["recreated", "removed", "started", "stopped"]),
          relayId: z.uuid().nullable(),
          container: z.string(),
          reason: z.string(),
        }),
      ),
      /** Why the server could not be reconciled (unreachable); absent when it was. */
      error: z.string().optional(),
    }),
  ),
}) satisfies z.ZodType<Wire<ReconcileReport>>;

/** A connected headscale or Tailscale account: where and how it syncs, never its credential. */
const controlAccount = z.strictObject({
  id: z.uuid(),
  kind: z.enum(controlServerKind.enumValues),
  baseUrl: z.string(),
  tailnet: z.string().nullable(),
  syncEnabled: z.boolean(),
  lastSyncAt: timestamp.nullable(),
  lastError: z.string().nullable(),
  createdAt: timestamp,
}) satisfies z.ZodType<Wire<ControlAccountView>>;

const controlNode = z.strictObject({
  externalId: z.string(),
  name: z.string(),
  nodeKey: z.string().startsWith("nodekey:").nullable(),
  registered: z.boolean(),
}) satisfies z.ZodType<Wire<NodeView>>;

const controlImport = z.strictObject({
  imported: z.array(z.strictObject({ id: z.uuid(), name: z.string(), nodeKey: z.string().startsWith("nodekey:"), externalId: z.string().nullable() })),
  skipped: z.array(z.strictObject({ externalId: z.string(), reason: z.enum(["registered", "no_node_key", "unknown_node"]) })),
}) satisfies z.ZodType<Wire<Awaited<ReturnType<typeof importNodes>>>>;

const controlSync = z.strictObject({
  added: z.int().nonnegative(),
  removed: z.int().nonnegative(),
  rekeyed: z.int().nonnegative(),
  error: z.string().nullable(),
}) satisfies z.ZodType<Wire<SyncResult>>;

const health = z.strictObject({ db: z.literal("ok"), migrations: z.literal("current") });

const asJson = (schema: z.ZodType): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "output" }) as JsonSchema;
  return rest;
};

/** The zod schemas themselves, for tests that check real answers against them. */
export const ANSWER_SCHEMAS = {
  profile,
  apiToken,
  createdToken,
  session,
  twoFactorStatus,
  region,
  regionWithUsage,
  rentalInfo,
  relay,
  allocation,
  device,
  renamedDevice,
  pendingDevice,
  derpMapView,
  derpMapAccess,
  redemption,
  adminRental,
  grantedRental,
  plan,
  planWithUsage,
  planSales,
  planRental,
  serialBatch,
  generatedBatch,
  batchCode,
  serialSearchHit,
  revokedCode,
  revokedCount,
  userOrder,
  adminOrder,
  financeStatistics,
  server,
  serverStatusView,
  serverTrends,
  serverHealth,
  connectionTest,
  regionSummary,
  userNote,
  auditEntry,
  systemLogEntry,
  historyEntry,
  totpEnrolment,
  recoveryCodes,
  outboxMail,
  reconcileReport,
  controlAccount,
  controlNode,
  controlImport,
  controlSync,
  health,
};

/** The same, as JSON Schema for the document. */
export const ANSWERS = Object.fromEntries(Object.entries(ANSWER_SCHEMAS).map(([k, v]) => [k, asJson(v)])) as Record<
  keyof typeof ANSWER_SCHEMAS,
  JsonSchema
>;
