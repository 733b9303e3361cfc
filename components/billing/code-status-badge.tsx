import { Badge } from "@/components/ui/badge";
import type { SerialCodeStatus } from "@/db/schema";

const tones = { unused: "info", redeemed: "success", revoked: "danger" } as const;

export function CodeStatusBadge({ status, label }: { status: SerialCodeStatus; label: string }) {
  return (
    <Badge tone={tones[status]} data-status={status}>
      {label}
    </Badge>
  );
}
