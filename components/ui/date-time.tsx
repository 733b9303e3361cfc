import { useLocale, useTimeZone } from "next-intl";
import { formatDate, utcTitle, type DateMode } from "@/lib/i18n/date-format";
import { cn } from "@/lib/utils";

/**
 * Every date on every page: in the reader's language and time zone (lib/i18n/date-format.ts), the UTC time on
 * hover. Works in server and client components alike (next-intl's hooks), so both render the same text.
 */
export function DateTime({ value, mode = "datetime", className }: { value: Date | string; mode?: DateMode; className?: string }) {
  const locale = useLocale();
  const timeZone = useTimeZone() ?? "UTC";
  const date = typeof value === "string" ? new Date(value) : value;
  return (
    <time dateTime={date.toISOString()} title={utcTitle(date)} className={cn("whitespace-nowrap", className)}>
      {formatDate(date, { locale, timeZone, mode })}
    </time>
  );
}
