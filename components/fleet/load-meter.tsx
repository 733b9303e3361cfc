import { useTranslations } from "next-intl";
import type { ServerLoad } from "@/lib/fleet/servers/server-view";
import { cn } from "@/lib/utils";

/**
 * Running customer relays of the capacity, as a meter that turns amber at 80 % and red when full. `label` names
 * it for screen readers (a table cell needs no visible caption).
 */
export function LoadMeter({ load, label }: { load: ServerLoad; label?: string }) {
  const t = useTranslations("fleet");
  const valueText = t("load.value", { running: load.relaysRunning, capacity: load.capacity });
  const pct = load.capacity > 0 ? Math.min(100, Math.round(load.ratio * 100)) : 0;
  return (
    <div className="space-y-1">
      <div className="text-xs tabular-nums text-muted-foreground" aria-hidden>
        {valueText}
      </div>
      <div
        role="meter"
        aria-label={label ?? t("load.label")}
        aria-valuemin={0}
        aria-valuemax={load.capacity}
        aria-valuenow={load.relaysRunning}
        aria-valuetext={valueText}
        className="h-2 w-full overflow-hidden rounded-full bg-muted"
      >
        <div className={cn("h-full rounded-full", pct >= 100 ? "bg-destructive" : pct >= 80 ? "bg-amber-500" : "bg-primary")} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
