import type { RelayView } from "@/lib/containers/relay-view";
import { Badge } from "@/components/ui/badge";

const tone = { creating: "info", running: "success", stopped: "warning", failed: "danger", released: "neutral" } as const;

/** A relay's state as a coloured badge; the words come from the caller (containers.state.<state>). */
export function RelayStateBadge({ state, label }: { state: RelayView["state"]; label: string }) {
  return (
    <Badge tone={tone[state]} data-testid="relay-state" data-state={state}>
      {label}
    </Badge>
  );
}
