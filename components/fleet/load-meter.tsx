import { useTranslations } from "next-intl";
import { UsageBar } from "@/components/billing/usage-bar";
import type { ServerLoad } from "@/lib/fleet/servers/server-view";

/** Running customer relays of the capacity, as a meter (amber from 80 %, red when full). */
export function LoadMeter({ load, label }: { load: ServerLoad; label?: string }) {
  const t = useTranslations("fleet");
  return (
    <UsageBar
      used={load.relaysRunning}
      total={load.capacity}
      label={label ?? t("load.label")}
      valueText={t("load.value", { running: load.relaysRunning, capacity: load.capacity })}
    />
  );
}
