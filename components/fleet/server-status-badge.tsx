import { Badge } from "@/components/ui/badge";
import type { ServerStatusValue } from "@/lib/fleet/monitor/server-health-view";

const tones = { up: "success", degraded: "warning", down: "danger", unknown: "neutral" } as const satisfies Record<ServerStatusValue, string>;

export function ServerStatusBadge({ status, label }: { status: ServerStatusValue; label: string }) {
  return (
    <Badge tone={tones[status]} data-testid="server-status" data-status={status}>
      {label}
    </Badge>
  );
}
