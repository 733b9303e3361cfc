import { createTranslator } from "next-intl";
import type { AppLocale } from "@/lib/i18n/config";
import { getMessages } from "@/lib/i18n/messages";
import type { AlertDetails, AlertRule } from "./types";

export type MessageEvent = "firing" | "resolved" | "test";

export interface DescribedAlert {
  /** `[FIRING] Server tokyo-1 is down` */
  title: string;
  /** The title and the lines that follow it (since when, figures), as plain text for chat and mail. */
  text: string;
  lines: string[];
}

/** "2026-12-02 05:40 UTC": operators in several zones read the same message. */
export function utcMinute(d: Date | string): string {
  return `${new Date(d).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function minutesBetween(from: Date, to: Date): number {
  return Math.max(1, Math.round((to.getTime() - from.getTime()) / 60_000));
}

/**
 * An alert in words (messages/<locale>/alerts.json, `rules.<rule>` with the alert's details): the same text goes
 * to email and to the webhook, in the language chosen in the settings.
 */
export function describeAlert(
  locale: AppLocale,
  a: { event: MessageEvent; rule: AlertRule | "test"; details: AlertDetails; startedAt: Date; resolvedAt?: Date | null },
): DescribedAlert {
  const t = createTranslator({ locale, messages: getMessages(locale), namespace: "alerts" });
  const values = Object.fromEntries(Object.entries(a.details).map(([k, v]) => [k, v === null ? "-" : k === "since" || k === "lastSuccess" ? utcMinute(v as string) : v]));
  const what = a.rule === "test" ? t("message.test") : t(`rules.${a.rule}` as never, values as never);
  const title = `[${t(`message.event.${a.event}` as never)}] ${what}`;
  const lines = [
    a.event === "test" ? t("message.testHint") : t("message.started", { at: utcMinute(a.startedAt) }),
    ...(a.event === "resolved" && a.resolvedAt
      ? [t("message.resolved", { at: utcMinute(a.resolvedAt), minutes: minutesBetween(a.startedAt, a.resolvedAt) })]
      : []),
  ];
  return { title, lines, text: [title, ...lines].join("\n") };
}
