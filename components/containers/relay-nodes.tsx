import { getFormatter, getTranslations } from "next-intl/server";
import { DateTime } from "@/components/ui/date-time";
import type { RentalRelays } from "@/lib/containers/relay-cards";
import { uptimeSeconds } from "@/lib/containers/relay-cards";
import { bytesToGb } from "@/lib/units";
import { RelayStateBadge } from "./relay-state-badge";
import { RestartRelayButton } from "./restart-relay-button";
import { TrafficChart } from "./traffic-chart";
import { reasonKey, splitUptime, waitingKey } from "./relay-words";

/**
 * The relay part of a customer's rental card: each node's state (with a reason a customer can read), address,
 * DERP and STUN ports, uptime and last probe, a restart button for a running node, and the rental's hourly
 * usage. A rental still waiting says why ("waiting for a free server").
 */
export async function RelayNodes({
  rental,
  relays,
  hours,
}: {
  rental: { status: string; allocationProblem: string | null };
  relays: RentalRelays;
  hours: Date[];
}) {
  const [t, format] = await Promise.all([getTranslations("containers"), getFormatter()]);
  const waiting = rental.status === "pending" && relays.relays.every((r) => r.state !== "running");
  return (
    <section className="space-y-3 border-t border-border pt-3" data-testid="relay-nodes">
      <h3 className="text-sm font-semibold">{t("card.title")}</h3>
      {waiting && (
        <p className="text-sm text-muted-foreground" data-testid="relay-waiting">
          {t(`waiting.${waitingKey(rental.allocationProblem)}`)}
        </p>
      )}
      {relays.relays.map((relay) => {
        const uptime = uptimeSeconds(relay);
        return (
          <div key={relay.id} className="space-y-2 rounded-md border border-border p-3" data-testid="relay-node" data-relay-id={relay.id}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="flex items-center gap-2 text-sm">
                {relays.relays.length > 1 && <span className="text-muted-foreground">{t("card.node", { node: relay.node + 1 })}</span>}
                <RelayStateBadge state={relay.state} label={t(`state.${relay.state}`)} />
                {relay.state !== "running" && relay.stateReason && (
                  <span className="text-xs text-muted-foreground">{t(`reason.${reasonKey(relay.stateReason)}`)}</span>
                )}
              </span>
              {relay.state === "running" && <RestartRelayButton id={relay.id} />}
            </div>
            <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
              <dt className="text-muted-foreground">{t("card.region")}</dt>
              <dd>{relay.region.code}</dd>
              <dt className="text-muted-foreground">{t("card.address")}</dt>
              <dd className="break-all font-mono text-xs" data-testid="relay-address">
                {relay.hostname}
                {relay.hostname !== relay.ipv4 && <span className="block text-muted-foreground">{relay.ipv4}</span>}
              </dd>
              <dt className="text-muted-foreground">{t("card.derpPort")}</dt>
              <dd className="font-mono" data-testid="relay-derp-port">{relay.derpPort}</dd>
              <dt className="text-muted-foreground">{t("card.stunPort")}</dt>
              <dd className="font-mono">{relay.stunPort}</dd>
              <dt className="text-muted-foreground">{t("card.uptime")}</dt>
              <dd>{uptime === null ? "–" : t("uptime", splitUptime(uptime))}</dd>
              <dt className="text-muted-foreground">{t("card.lastProbe")}</dt>
              <dd>
                {relay.probe ? (
                  <span className={relay.probe.ok ? undefined : "text-destructive"}>
                    {relay.probe.ok && relay.probe.rttMs !== null
                      ? t("probeOk", { ms: format.number(relay.probe.rttMs, { maximumFractionDigits: 0 }) })
                      : t("probeFailed")}{" "}
                    · <DateTime value={relay.probe.at} />
                  </span>
                ) : (
                  t("probeNone")
                )}
              </dd>
            </dl>
          </div>
        );
      })}
      {relays.relays.length > 0 && (
        <TrafficChart
          hours={hours.map((h) => h.toISOString())}
          series={[{ name: t("card.usageSeries"), values: relays.usage }]}
          unit="bytes"
          title={t("card.usageTitle", { gb: format.number(bytesToGb(relays.usage.reduce((a, b) => a + b, 0)), { maximumFractionDigits: 2 }) })}
          testId="relay-usage-chart"
        />
      )}
    </section>
  );
}
