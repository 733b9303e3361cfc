import Link from "next/link";
import type { ReactNode } from "react";
import { buttonVariants } from "@/components/ui/button";
import { Button } from "@/components/ui/button";

/** A GET form of filters: submitting reloads the page with the filters in the URL (and no cursor). */
export function FilterBar({ action, children, applyLabel, clearLabel }: { action: string; children: ReactNode; applyLabel: string; clearLabel: string }) {
  return (
    <form action={action} method="get" className="flex flex-wrap items-end gap-3 rounded-lg border border-border bg-card p-4">
      {children}
      <div className="flex gap-2">
        <Button type="submit" size="sm">
          {applyLabel}
        </Button>
        <Link href={action} className={buttonVariants({ variant: "ghost", size: "sm" })}>
          {clearLabel}
        </Link>
      </div>
    </form>
  );
}

/** Label above a small control, for filter bars. */
export function FilterField({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="text-xs font-medium text-muted-foreground">
        {label}
      </label>
      {children}
    </div>
  );
}
