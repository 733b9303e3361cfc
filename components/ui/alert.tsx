import type { HTMLAttributes } from "react";
import { cn } from "@/lib/utils";

export function Alert({ className, tone = "error", ...props }: HTMLAttributes<HTMLDivElement> & { tone?: "error" | "success" | "info" }) {
  const tones = {
    error: "border-destructive/40 bg-destructive/10 text-destructive",
    success: "border-emerald-500/40 bg-emerald-500/10 text-emerald-700 dark:text-emerald-300",
    info: "border-border bg-muted text-foreground",
  };
  return <div role={tone === "error" ? "alert" : "status"} className={cn("rounded-md border px-4 py-3 text-sm", tones[tone], className)} {...props} />;
}
