import { Badge } from "@/components/ui/badge";
import type { Profile } from "@/lib/accounts/profile";

type UserRole = Profile["role"];
type UserStatus = Profile["status"];

const statusTone = { pending: "warning", active: "success", disabled: "danger" } as const;

export function StatusBadge({ status, label }: { status: UserStatus; label: string }) {
  return (
    <Badge tone={statusTone[status]} data-testid="user-status">
      {label}
    </Badge>
  );
}

export function RoleBadge({ role, label }: { role: UserRole; label: string }) {
  return <Badge tone={role === "admin" ? "info" : "neutral"}>{label}</Badge>;
}
