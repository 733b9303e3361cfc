import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { utcTitle } from "@/lib/i18n/date-format";
import type { ServerStatus } from "@/lib/fleet/servers/server-view";

const TONES = { up: "success", degraded: "warning", down: "danger", unknown: "neutral" } as const;

/** The server's status and how long it has been so ("up · 3 hours ago"), the exact time on hover. */
export function ServerStatusBadge({ status, changedAt, now }: { status: ServerStatus; changedAt: Date | string | null; now: Date }) {
  const t = useTranslations("fleet.status");
  const format = useFormatter();
  const since = changedAt ? new Date(changedAt) : null;
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5" data-testid="server-status" data-status={status}>
      <Badge tone={TONES[status]}>{t(status)}</Badge>
      {since && (
        <time dateTime={since.toISOString()} title={utcTitle(since)} className="text-xs text-muted-foreground">
          {t("since", { when: format.relativeTime(since, now) })}
        </time>
      )}
    </span>
  );
}
