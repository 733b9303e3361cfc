import { createTranslator } from "next-intl";
import type { AppLocale } from "@/lib/i18n/config";
import { getMessages } from "@/lib/i18n/messages";
import { isHistoryType } from "./types";
import { inLocale } from "@/lib/i18n/localized";

const DATE_KEYS = new Set(["expiresAt", "previousExpiresAt", "at", "startsAt"]);

/**
 * One history entry as a sentence in `locale`: the message of its type filled with its data. Plan names
 * are stored in both languages and picked here; ISO timestamps become dates in the reader's time zone.
 */
export function describeHistory(locale: AppLocale, type: string, data: Record<string, unknown>, timeZone = "UTC"): string {
  const t = createTranslator({ locale, messages: getMessages(locale), namespace: "history", timeZone });
  if (!isHistoryType(type)) return t("unknown", { type });
  const values: Record<string, string | number | Date> = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === "string" && DATE_KEYS.has(key)) values[key] = new Date(value);
    else if (typeof value === "string" || typeof value === "number") values[key] = value;
  }
  values.plan = String(inLocale(locale, data.planNameEn, data.planNameZh) ?? "");
  values.region = typeof data.region === "string" && data.region ? data.region : "-";
  return t(`types.${type}` as never, values as never);
}
