import { Badge } from "@/components/ui/badge";
import type { RentalInfo } from "@/lib/rentals/rental-info";

type RentalStatus = RentalInfo["status"];

const tones = {
  pending: "info",
  active: "success",
  expired: "neutral",
  released: "neutral",
  over_quota: "warning",
  suspended: "danger",
} as const satisfies Record<RentalStatus, string>;

export function RentalStatusBadge({ status, label }: { status: RentalStatus; label: string }) {
  return (
    <Badge tone={tones[status]} data-testid="rental-status" data-status={status}>
      {label}
    </Badge>
  );
}
