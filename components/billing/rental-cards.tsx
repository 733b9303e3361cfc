import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import type { RentalInfo } from "@/lib/rentals/rental-info";
import { bytesPerSecToMbps, bytesToGb } from "@/lib/units";
import { RentalStatusBadge } from "./rental-status-badge";
import { UsageBar } from "./usage-bar";
import { inLocale } from "@/lib/i18n/localized";
import { RelayNodes } from "@/components/containers/relay-nodes";
import type { RentalRelays } from "@/lib/containers/relay-cards";

/** One card per rental: plan, status, region, dates, days left, traffic and devices, and its relay when given. */
export async function RentalCards({ rentals, relays }: { rentals: RentalInfo[]; relays?: { hours: Date[]; byRental: Map<string, RentalRelays> } }) {
  const [t, format, locale] = await Promise.all([getTranslations("billing"), getFormatter(), getLocale()]);
  const date = (d: Date) => <DateTime value={d} mode="date" />;
  return (
    <ul className="grid grid-cols-1 gap-4 md:grid-cols-2" data-testid="rental-cards">
      {rentals.map((r) => (
        <li key={r.id}>
          <Card className="space-y-4" data-testid="rental-card">
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div>
                <h2 className="text-lg font-semibold" data-testid="rental-plan">
                  {inLocale(locale, r.planNameEn, r.planNameZh)}
                </h2>
                <p className="text-sm text-muted-foreground">{t("rental.daysLeft", { days: r.daysLeft })}</p>
              </div>
              <RentalStatusBadge status={r.status} label={t(`status.${r.status}`)} />
            </div>
            <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
              <dt className="text-muted-foreground">{t("rental.region")}</dt>
              <dd data-testid="rental-region">{(r.regionNameEn && inLocale(locale, r.regionNameEn, r.regionNameZh)) || t("rental.anyRegion")}</dd>
              <dt className="text-muted-foreground">{t("rental.starts")}</dt>
              <dd>{date(r.startsAt)}</dd>
              <dt className="text-muted-foreground">{t("rental.expires")}</dt>
              <dd data-testid="rental-expires">{date(r.expiresAt)}</dd>
              <dt className="text-muted-foreground">{t("rental.devices")}</dt>
              <dd>{t("rental.devicesValue", { used: r.devicesUsed, limit: r.deviceLimit })}</dd>
              <dt className="text-muted-foreground">{t("rental.bandwidth")}</dt>
              <dd>
                {r.bandwidthLimitBytesPerSec
                  ? t("rental.bandwidthValue", { mbps: format.number(bytesPerSecToMbps(r.bandwidthLimitBytesPerSec), { maximumFractionDigits: 1 }) })
                  : t("rental.unlimited")}
              </dd>
            </dl>
            <UsageBar
              used={r.trafficUsedBytes}
              total={r.trafficQuotaBytes}
              label={t("rental.traffic")}
              valueText={t("rental.trafficValue", {
                used: format.number(bytesToGb(r.trafficUsedBytes)),
                quota: format.number(bytesToGb(r.trafficQuotaBytes)),
              })}
            />
            {relays?.byRental.get(r.id) && <RelayNodes rental={r} relays={relays.byRental.get(r.id)!} hours={relays.hours} />}
          </Card>
        </li>
      ))}
    </ul>
  );
}
