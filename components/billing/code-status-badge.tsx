import { Badge } from "@/components/ui/badge";
import type { BatchCodeRow } from "@/lib/billing/serial-codes";

type SerialCodeStatus = BatchCodeRow["status"];

const tones = { unused: "info", redeemed: "success", revoked: "danger" } as const;

export function CodeStatusBadge({ status, label }: { status: SerialCodeStatus; label: string }) {
  return (
    <Badge tone={tones[status]} data-status={status}>
      {label}
    </Badge>
  );
}
