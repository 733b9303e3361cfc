import { createTranslator } from "next-intl";
import type { AppLocale } from "./config";
import enCommon from "@/messages/en/common.json";
import enErrors from "@/messages/en/errors.json";
import enAccounts from "@/messages/en/accounts.json";
import enAdminUsers from "@/messages/en/admin-users.json";
import enAdminLogs from "@/messages/en/admin-logs.json";
import enMail from "@/messages/en/mail.json";
import enBilling from "@/messages/en/billing.json";
import enHistory from "@/messages/en/history.json";
import enRegions from "@/messages/en/regions.json";
import enSecurity from "@/messages/en/security.json";
import enOperator from "@/messages/en/operator.json";
import enFleet from "@/messages/en/fleet.json";
import enFleetMonitor from "@/messages/en/fleet-monitor.json";
import enContainers from "@/messages/en/containers.json";
import enDevices from "@/messages/en/devices.json";
import enDerpMap from "@/messages/en/derp-map.json";
import enAlerts from "@/messages/en/alerts.json";
import zhCommon from "@/messages/zh-CN/common.json";
import zhErrors from "@/messages/zh-CN/errors.json";
import zhAccounts from "@/messages/zh-CN/accounts.json";
import zhAdminUsers from "@/messages/zh-CN/admin-users.json";
import zhAdminLogs from "@/messages/zh-CN/admin-logs.json";
import zhMail from "@/messages/zh-CN/mail.json";
import zhBilling from "@/messages/zh-CN/billing.json";
import zhHistory from "@/messages/zh-CN/history.json";
import zhRegions from "@/messages/zh-CN/regions.json";
import zhSecurity from "@/messages/zh-CN/security.json";
import zhOperator from "@/messages/zh-CN/operator.json";
import zhFleet from "@/messages/zh-CN/fleet.json";
import zhFleetMonitor from "@/messages/zh-CN/fleet-monitor.json";
import zhContainers from "@/messages/zh-CN/containers.json";
import zhDevices from "@/messages/zh-CN/devices.json";
import zhDerpMap from "@/messages/zh-CN/derp-map.json";
import zhAlerts from "@/messages/zh-CN/alerts.json";

/**
 * Messages are split per domain (messages/<locale>/<domain>.json) so that features can be added without
 * editing one big file; each file becomes a namespace of the same name.
 */
const catalog = {
  en: { common: enCommon, errors: enErrors, billing: enBilling, history: enHistory, accounts: enAccounts, adminUsers: enAdminUsers, adminLogs: enAdminLogs, mail: enMail, regions: enRegions, fleet: enFleet, fleetMonitor: enFleetMonitor, containers: enContainers, devices: enDevices, derpMap: enDerpMap, security: enSecurity, operator: enOperator, alerts: enAlerts },
  "zh-CN": { common: zhCommon, errors: zhErrors, billing: zhBilling, history: zhHistory, accounts: zhAccounts, adminUsers: zhAdminUsers, adminLogs: zhAdminLogs, mail: zhMail, regions: zhRegions, fleet: zhFleet, fleetMonitor: zhFleetMonitor, containers: zhContainers, devices: zhDevices, derpMap: zhDerpMap, security: zhSecurity, operator: zhOperator, alerts: zhAlerts },
} satisfies Record<AppLocale, Record<string, unknown>>;

export type Messages = (typeof catalog)["en"];

export function getMessages(locale: AppLocale): Messages {
  return catalog[locale] as Messages;
}

/** Translates an error code from messages/<locale>/errors.json; unknown codes fall back to a generic text. */
export function translateError(locale: AppLocale, code: string, values?: Record<string, string | number>): string {
  const errors = getMessages(locale).errors as Record<string, string>;
  if (!(code in errors)) return errors.bad_request;
  const t = createTranslator({ locale, messages: getMessages(locale), namespace: "errors" });
  return t(code as never, values as never);
}

export function isErrorCode(locale: AppLocale, code: string): boolean {
  return code in (getMessages(locale).errors as Record<string, string>);
}
