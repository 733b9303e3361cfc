import type { DocumentedRoute, Operation } from "@/lib/http/openapi/document";
import { ANSWERS } from "@/lib/http/openapi/answers";
import { accepted, createdOf, dataOf, fileOf, listOf, noContent, type ResponseSpec } from "@/lib/http/openapi/responses";
import type { RouteSpec } from "@/lib/http/route-spec";
import * as aclDownloadUsername from "@/app/api/acl/download/[username]/route";
import * as aclGenerate from "@/app/api/acl/generate/route";
import * as aclLogsUserId from "@/app/api/acl/logs/[user_id]/route";
import * as aclUpdate from "@/app/api/acl/update/route";
import * as addServer from "@/app/api/add_server/route";
import * as adminMail from "@/app/api/admin/mail/route";
import * as adminOrdersExport from "@/app/api/admin/orders/export/route";
import * as adminOrders from "@/app/api/admin/orders/route";
import * as adminPlansIdRentals from "@/app/api/admin/plans/[id]/rentals/route";
import * as adminPlansId from "@/app/api/admin/plans/[id]/route";
import * as adminPlansIdSales from "@/app/api/admin/plans/[id]/sales/route";
import * as adminPlans from "@/app/api/admin/plans/route";
import * as adminRegionsId from "@/app/api/admin/regions/[id]/route";
import * as adminRegions from "@/app/api/admin/regions/route";
import * as adminRentalsIdExpiry from "@/app/api/admin/rentals/[id]/expiry/route";
import * as adminRentalsIdSuspend from "@/app/api/admin/rentals/[id]/suspend/route";
import * as adminRentalsIdTraffic from "@/app/api/admin/rentals/[id]/traffic/route";
import * as adminRentalsIdUnsuspend from "@/app/api/admin/rentals/[id]/unsuspend/route";
import * as adminSerialsIdCodesCodeIdRevoke from "@/app/api/admin/serials/[id]/codes/[codeId]/revoke/route";
import * as adminSerialsIdCodes from "@/app/api/admin/serials/[id]/codes/route";
import * as adminSerialsIdExport from "@/app/api/admin/serials/[id]/export/route";
import * as adminSerialsIdRevokeUnused from "@/app/api/admin/serials/[id]/revoke_unused/route";
import * as adminSerialsId from "@/app/api/admin/serials/[id]/route";
import * as adminSerials from "@/app/api/admin/serials/route";
import * as adminSerialsSearch from "@/app/api/admin/serials/search/route";
import * as adminUsersIdNotes from "@/app/api/admin/users/[id]/notes/route";
import * as adminUsersIdPasswordReset from "@/app/api/admin/users/[id]/password_reset/route";
import * as adminUsersIdRentals from "@/app/api/admin/users/[id]/rentals/route";
import * as adminUsersIdResendVerification from "@/app/api/admin/users/[id]/resend_verification/route";
import * as adminUsersIdRole from "@/app/api/admin/users/[id]/role/route";
import * as adminUsersId from "@/app/api/admin/users/[id]/route";
import * as adminUsersIdStatus from "@/app/api/admin/users/[id]/status/route";
import * as adminUsersIdTotpReset from "@/app/api/admin/users/[id]/totp_reset/route";
import * as adminUsers from "@/app/api/admin/users/route";
import * as containerIdMove from "@/app/api/container/[id]/move/route";
import * as containerIdRestart from "@/app/api/container/[id]/restart/route";
import * as containerIdStart from "@/app/api/container/[id]/start/route";
import * as containerIdStop from "@/app/api/container/[id]/stop/route";
import * as containerAllocate from "@/app/api/container/allocate/route";
import * as containerList from "@/app/api/container/list/route";
import * as containerReconcile from "@/app/api/container/reconcile/route";
import * as containerReleaseId from "@/app/api/container/release/[id]/route";
import * as containerStatusId from "@/app/api/container/status/[id]/route";
import * as devicesId from "@/app/api/devices/[id]/route";
import * as devicesControlAccountsIdImport from "@/app/api/devices/control-accounts/[id]/import/route";
import * as devicesControlAccountsIdNodes from "@/app/api/devices/control-accounts/[id]/nodes/route";
import * as devicesControlAccountsId from "@/app/api/devices/control-accounts/[id]/route";
import * as devicesControlAccountsIdSync from "@/app/api/devices/control-accounts/[id]/sync/route";
import * as devicesControlAccounts from "@/app/api/devices/control-accounts/route";
import * as devicesPendingIdApprove from "@/app/api/devices/pending/[id]/approve/route";
import * as devicesPendingId from "@/app/api/devices/pending/[id]/route";
import * as devicesPending from "@/app/api/devices/pending/route";
import * as devices from "@/app/api/devices/route";
import * as financeGenerateSerial from "@/app/api/finance/generate_serial/route";
import * as financeOrdersId from "@/app/api/finance/orders/[id]/route";
import * as financeStatistics from "@/app/api/finance/statistics/route";
import * as healthz from "@/app/api/healthz/route";
import * as logsAudit from "@/app/api/logs/audit/route";
import * as logsSystem from "@/app/api/logs/system/route";
import * as serialActivate from "@/app/api/serial/activate/route";
import * as serverIdLatency from "@/app/api/server/[id]/latency/route";
import * as serverId from "@/app/api/server/[id]/route";
import * as serverIdTestConnection from "@/app/api/server/[id]/test_connection/route";
import * as serverHealthCheck from "@/app/api/server/health_check/route";
import * as serverList from "@/app/api/server/list/route";
import * as serverRegions from "@/app/api/server/regions/route";
import * as serverStatusId from "@/app/api/server/status/[id]/route";
import * as userAddUser from "@/app/api/user/add_user/route";
import * as userHistoryUserId from "@/app/api/user/history/[user_id]/route";
import * as userLogin from "@/app/api/user/login/route";
import * as userLogout from "@/app/api/user/logout/route";
import * as userMe from "@/app/api/user/me/route";
import * as userPasswordChange from "@/app/api/user/password/change/route";
import * as userPasswordForgot from "@/app/api/user/password/forgot/route";
import * as userPasswordReset from "@/app/api/user/password/reset/route";
import * as userRentalInfo from "@/app/api/user/rental_info/route";
import * as userResendCode from "@/app/api/user/resend_code/route";
import * as userSessionsId from "@/app/api/user/sessions/[id]/route";
import * as userSessions from "@/app/api/user/sessions/route";
import * as userTokensId from "@/app/api/user/tokens/[id]/route";
import * as userTokens from "@/app/api/user/tokens/route";
import * as userTotpConfirm from "@/app/api/user/totp/confirm/route";
import * as userTotpDisable from "@/app/api/user/totp/disable/route";
import * as userTotpEnrol from "@/app/api/user/totp/enrol/route";
import * as userTotp from "@/app/api/user/totp/route";
import * as userVerify from "@/app/api/user/verify/route";

/**
 * Every documented route under app/api, one line each: its module (whose apiRoute() handlers carry the zod
 * schemas they validate with) and, per method, a summary and how it answers. Building the document fails when
 * a line disagrees with its module; tests/integration/openapi-coverage.test.ts fails when a route file has no
 * line here (outside its short list of exclusions).
 */
const op = (summary: string, ...responses: ResponseSpec[]): Operation => ({ summary, responses });
const route = (path: string, mod: DocumentedRoute["handlers"], operations: DocumentedRoute["operations"], spec?: RouteSpec): DocumentedRoute => ({
  route: path,
  handlers: mod,
  operations,
  spec,
});

/** Handlers written by hand (not apiRoute) that anyone may call. */
const PUBLIC: RouteSpec = { access: "public" };


export const DOCUMENTED_ROUTES: DocumentedRoute[] = [
  route("/api/acl/download/[username]", aclDownloadUsername, { GET: op("The current DERP map of a user (email or id) as a file: ?format=json|tailscale|headscale", fileOf("application/json", "text/plain")) }),
  route("/api/acl/generate", aclGenerate, { POST: op("The caller's DERP map in every format, made now if there is none (an admin may name userId)", dataOf(ANSWERS.derpMapView)) }),
  route("/api/acl/logs/[user_id]", aclLogsUserId, { GET: op("A user's DERP-map access log, newest first", listOf(ANSWERS.derpMapAccess)) }),
  route("/api/acl/update", aclUpdate, { POST: op("Builds the caller's DERP map again now (a new version only if it changed)", dataOf(ANSWERS.derpMapView)) }),
  route("/api/add_server", addServer, { POST: op("Adds a Docker host; its secrets are sealed and never answered", createdOf(ANSWERS.server)) }),
  route("/api/admin/mail", adminMail, { GET: op("The development outbox (mails kept when no provider is configured)", listOf(ANSWERS.outboxMail)) }),
  route("/api/admin/orders/export", adminOrdersExport, { GET: op("The filtered orders as CSV (audit-logged)", fileOf("text/csv")) }),
  route("/api/admin/orders", adminOrders, { GET: op("Every order, newest first, filtered", listOf(ANSWERS.adminOrder)) }),
  route("/api/admin/plans/[id]/rentals", adminPlansIdRentals, { GET: op("The plan's current rentals with their users", listOf(ANSWERS.planRental)) }),
  route("/api/admin/plans/[id]", adminPlansId, { GET: op("One plan", dataOf(ANSWERS.planWithUsage)), PUT: op("Replaces a plan's settings", dataOf(ANSWERS.plan)), DELETE: op("Deletes an unsold plan (204) or archives a sold one (200, the plan as it now is)", noContent, dataOf(ANSWERS.planWithUsage)) }),
  route("/api/admin/plans/[id]/sales", adminPlansIdSales, { GET: op("What the plan sold: orders and revenue per currency", dataOf(ANSWERS.planSales)) }),
  route("/api/admin/plans", adminPlans, { GET: op("Every plan (one page); ?archived=true includes archived ones", listOf(ANSWERS.planWithUsage)), POST: op("Creates a plan", createdOf(ANSWERS.plan)) }),
  route("/api/admin/regions/[id]", adminRegionsId, { GET: op("One region", dataOf(ANSWERS.regionWithUsage)), PATCH: op("Changes the fields given; {active:false} deactivates", dataOf(ANSWERS.region)), DELETE: op("Deletes a region nothing refers to (409 region_in_use otherwise)", noContent) }),
  route("/api/admin/regions", adminRegions, { GET: op("Every region in sort order (one page)", listOf(ANSWERS.regionWithUsage)), POST: op("Creates a region", createdOf(ANSWERS.region)) }),
  route("/api/admin/rentals/[id]/expiry", adminRentalsIdExpiry, { POST: op("Sets a new expiry (a past one ends the rental, a future one renews it)", dataOf(ANSWERS.adminRental)) }),
  route("/api/admin/rentals/[id]/suspend", adminRentalsIdSuspend, { POST: op("Suspends a rental", dataOf(ANSWERS.adminRental)) }),
  route("/api/admin/rentals/[id]/traffic", adminRentalsIdTraffic, { POST: op("Resets the traffic used and/or sets a new quota", dataOf(ANSWERS.adminRental)) }),
  route("/api/admin/rentals/[id]/unsuspend", adminRentalsIdUnsuspend, { POST: op("Lifts a suspension", dataOf(ANSWERS.adminRental)) }),
  route("/api/admin/serials/[id]/codes/[codeId]/revoke", adminSerialsIdCodesCodeIdRevoke, { POST: op("Revokes one unused code: { id, status }", dataOf(ANSWERS.revokedCode)) }),
  route("/api/admin/serials/[id]/codes", adminSerialsIdCodes, { GET: op("The batch's codes (masked) with their status", listOf(ANSWERS.batchCode)) }),
  route("/api/admin/serials/[id]/export", adminSerialsIdExport, { GET: op("The batch's codes in full as CSV (audit-logged)", fileOf("text/csv")) }),
  route("/api/admin/serials/[id]/revoke_unused", adminSerialsIdRevokeUnused, { POST: op("Revokes every unused code of the batch: { revoked }", dataOf(ANSWERS.revokedCount)) }),
  route("/api/admin/serials/[id]", adminSerialsId, { GET: op("One serial batch with counts by status", dataOf(ANSWERS.serialBatch)) }),
  route("/api/admin/serials", adminSerials, { GET: op("Serial batches, newest first, with counts by status", listOf(ANSWERS.serialBatch)) }),
  route("/api/admin/serials/search", adminSerialsSearch, { GET: op("Finds codes by the whole code or its last five symbols", listOf(ANSWERS.serialSearchHit)) }),
  route("/api/admin/users/[id]/notes", adminUsersIdNotes, { GET: op("Admins' notes on a user, newest first", listOf(ANSWERS.userNote)), POST: op("Adds a note on a user", createdOf(ANSWERS.userNote)) }),
  route("/api/admin/users/[id]/password_reset", adminUsersIdPasswordReset, { POST: op("Mails a password-reset code to an active account", accepted) }),
  route("/api/admin/users/[id]/rentals", adminUsersIdRentals, { POST: op("Grants the user days of a plan without a code: { rental, extended }", createdOf(ANSWERS.grantedRental)) }),
  route("/api/admin/users/[id]/resend_verification", adminUsersIdResendVerification, { POST: op("Mails a new verification code to a pending account", accepted) }),
  route("/api/admin/users/[id]/role", adminUsersIdRole, { POST: op("Promotes to admin or demotes to customer: the user", dataOf(ANSWERS.profile)) }),
  route("/api/admin/users/[id]", adminUsersId, { GET: op("One user's profile with the last sign-in (their rentals: /api/user/rental_info?user_id=)", dataOf(ANSWERS.profile)) }),
  route("/api/admin/users/[id]/status", adminUsersIdStatus, { POST: op("Disables (ends the user's sessions) or enables an account: the user", dataOf(ANSWERS.profile)) }),
  route("/api/admin/users/[id]/totp_reset", adminUsersIdTotpReset, { POST: op("Turns off another user's two-factor login and ends their sessions", noContent) }),
  route("/api/admin/users", adminUsers, { GET: op("Users, newest first, filtered", listOf(ANSWERS.profile)) }),
  route("/api/container/[id]/move", containerIdMove, { POST: op("Moves a relay to another server (new ports)", dataOf(ANSWERS.relay)) }),
  route("/api/container/[id]/restart", containerIdRestart, { POST: op("Restarts a running relay and waits for its probe (owner or admin)", dataOf(ANSWERS.relay)) }),
  route("/api/container/[id]/start", containerIdStart, { POST: op("Starts a stopped relay again", dataOf(ANSWERS.relay)) }),
  route("/api/container/[id]/stop", containerIdStop, { POST: op("Stops a relay (its ports stay reserved)", dataOf(ANSWERS.relay)) }),
  route("/api/container/allocate", containerAllocate, { POST: op("Gives a rental the relays its plan promises (idempotent)", dataOf(ANSWERS.allocation)) }),
  route("/api/container/list", containerList, { GET: op("Relays, newest first (a customer sees their own)", listOf(ANSWERS.relay)) }),
  route("/api/container/reconcile", containerReconcile, { POST: op("Compares servers' containers with the database and repairs them", dataOf(ANSWERS.reconcileReport)) }),
  route("/api/container/release/[id]", containerReleaseId, { DELETE: op("Removes a relay's container and frees its ports", dataOf(ANSWERS.relay)) }),
  route("/api/container/status/[id]", containerStatusId, { GET: op("A relay's state, server, ports, certificate pin, last probe and usage", dataOf(ANSWERS.relay)) }),
  route("/api/devices/[id]", devicesId, { PATCH: op("Renames one of the caller's devices: { id, name }", dataOf(ANSWERS.renamedDevice)), DELETE: op("Removes one of the caller's devices", noContent) }),
  route("/api/devices/control-accounts/[id]/import", devicesControlAccountsIdImport, { POST: op("Imports nodes of a control-server account as devices: { imported, skipped }", dataOf(ANSWERS.controlImport)) }),
  route("/api/devices/control-accounts/[id]/nodes", devicesControlAccountsIdNodes, { GET: op("The account's nodes, read from its server now (one page)", listOf(ANSWERS.controlNode)) }),
  route("/api/devices/control-accounts/[id]", devicesControlAccountsId, { PATCH: op("Turns periodic sync on or off", dataOf(ANSWERS.controlAccount)), DELETE: op("Disconnects the account (imported devices stay)", noContent) }),
  route("/api/devices/control-accounts/[id]/sync", devicesControlAccountsIdSync, { POST: op("Syncs the account now: { added, removed, rekeyed, error }", dataOf(ANSWERS.controlSync)) }),
  route("/api/devices/control-accounts", devicesControlAccounts, { GET: op("The caller's headscale / Tailscale accounts (never their credentials)", listOf(ANSWERS.controlAccount)), POST: op("Connects a headscale or Tailscale account", createdOf(ANSWERS.controlAccount)) }),
  route("/api/devices/pending/[id]/approve", devicesPendingIdApprove, { POST: op("Turns a refused key into a device", createdOf(ANSWERS.device)) }),
  route("/api/devices/pending/[id]", devicesPendingId, { DELETE: op("Dismisses a pending device", noContent) }),
  route("/api/devices/pending", devicesPending, { GET: op("Keys refused on the caller's relays in the last 24 hours (one page)", listOf(ANSWERS.pendingDevice)) }),
  route("/api/devices", devices, { GET: op("The caller's devices in creation order (one page)", listOf(ANSWERS.device)), POST: op("Adds a device by node key", createdOf(ANSWERS.device)) }),
  route("/api/finance/generate_serial", financeGenerateSerial, { POST: op("Generates a serial batch: { batch, codes }, the only time codes are sent in full", createdOf(ANSWERS.generatedBatch)) }),
  route("/api/finance/orders/[id]", financeOrdersId, { GET: op("A user's orders, newest first (the user or an admin)", listOf(ANSWERS.userOrder)) }),
  route("/api/finance/statistics", financeStatistics, { GET: op("Revenue per day, week, month or year for a date range", dataOf(ANSWERS.financeStatistics)) }),
  route("/api/healthz", healthz, { GET: op("Health for load balancers: 200 when the database answers and is migrated, 503 otherwise", dataOf(ANSWERS.health)) }, PUBLIC),
  route("/api/logs/audit", logsAudit, { GET: op("The audit log, filtered", listOf(ANSWERS.auditEntry)) }),
  route("/api/logs/system", logsSystem, { GET: op("The system log, filtered", listOf(ANSWERS.systemLogEntry)) }),
  route("/api/serial/activate", serialActivate, { POST: op("Redeems a serial code: the order and the created or extended rental", createdOf(ANSWERS.redemption)) }),
  route("/api/server/[id]/latency", serverIdLatency, { GET: op("A server's latency and load trends, bucketed", dataOf(ANSWERS.serverTrends)) }),
  route("/api/server/[id]", serverId, { GET: op("One server (never its secrets)", dataOf(ANSWERS.server)), PATCH: op("Changes the fields given (omitted secrets are kept)", dataOf(ANSWERS.server)), DELETE: op("Deletes a server without customer relays", noContent) }),
  route("/api/server/[id]/test_connection", serverIdTestConnection, { POST: op("Asks the server's engine for its facts: { ok, hostInfo } or { ok: false, error }", dataOf(ANSWERS.connectionTest)) }),
  route("/api/server/health_check", serverHealthCheck, { GET: op("Checks every server now (one page)", listOf(ANSWERS.serverHealth)) }),
  route("/api/server/list", serverList, { GET: op("Servers, newest first, filtered", listOf(ANSWERS.server)) }),
  route("/api/server/regions", serverRegions, { GET: op("Per region: servers, customers, relays, capacity and load (one page)", listOf(ANSWERS.regionSummary)) }),
  route("/api/server/status/[id]", serverStatusId, { GET: op("A server's status, load, latest probes, host facts and relays", dataOf(ANSWERS.serverStatusView)) }),
  route("/api/user/add_user", userAddUser, { POST: op("Signs up; 202 for every valid request, registered email or not", accepted) }),
  route("/api/user/history/[user_id]", userHistoryUserId, { GET: op("A user's history, newest first, in the caller's language", listOf(ANSWERS.historyEntry)) }),
  route("/api/user/login", userLogin, { POST: op("Logs in: sets the session cookie and answers the user", dataOf(ANSWERS.profile)) }),
  route("/api/user/logout", userLogout, { POST: op("Ends this session ({everywhere:true}: every session) and clears the cookie", noContent) }),
  route("/api/user/me", userMe, { GET: op("The caller's profile", dataOf(ANSWERS.profile)), PATCH: op("Changes the caller's locale or time zone", dataOf(ANSWERS.profile)) }),
  route("/api/user/password/change", userPasswordChange, { POST: op("Changes the password; every other session ends, the caller gets a fresh cookie", noContent) }),
  route("/api/user/password/forgot", userPasswordForgot, { POST: op("Mails a reset code if the account exists", accepted) }),
  route("/api/user/password/reset", userPasswordReset, { POST: op("Sets a new password with a mailed code", noContent) }),
  route("/api/user/rental_info", userRentalInfo, { GET: op("The caller's rentals (an admin may pass ?user_id=)", listOf(ANSWERS.rentalInfo)) }),
  route("/api/user/resend_code", userResendCode, { POST: op("Mails a new verification code if the account awaits one", accepted) }),
  route("/api/user/sessions/[id]", userSessionsId, { DELETE: op("Ends one of the caller's sessions", noContent) }),
  route("/api/user/sessions", userSessions, { GET: op("The caller's live sessions, most recently used first", listOf(ANSWERS.session)) }),
  route("/api/user/tokens/[id]", userTokensId, { DELETE: op("Revokes one of the caller's API tokens", noContent) }),
  route("/api/user/tokens", userTokens, { GET: op("The caller's API tokens (a prefix, never the token)", listOf(ANSWERS.apiToken)), POST: op("Creates an API token: { token, apiToken }, the token in this answer only", createdOf(ANSWERS.createdToken)) }),
  route("/api/user/totp/confirm", userTotpConfirm, { POST: op("Confirms two-factor enrolment with a code: { recoveryCodes }, shown once", dataOf(ANSWERS.recoveryCodes)) }),
  route("/api/user/totp/disable", userTotpDisable, { POST: op("Turns two-factor login off with a code or a recovery code", noContent) }),
  route("/api/user/totp/enrol", userTotpEnrol, { POST: op("Starts two-factor enrolment: { secret, uri }, shown once", createdOf(ANSWERS.totpEnrolment)) }),
  route("/api/user/totp", userTotp, { GET: op("The caller's two-factor login status", dataOf(ANSWERS.twoFactorStatus)) }),
  route("/api/user/verify", userVerify, { POST: op("Confirms an email address with the mailed code", noContent) }),
];
