"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";

/**
 * Runs the health check of every server now (`GET /api/server/health_check`, the job's own check) and
 * re-renders the page with the result, instead of waiting for the next scheduled run.
 */
export function HealthCheckButton() {
  const t = useTranslations("fleetMonitor.health");
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const [, startTransition] = useTransition();

  const run = async () => {
    setBusy(true);
    setFailed(false);
    try {
      const res = await fetch("/api/server/health_check", { cache: "no-store" });
      if (!res.ok) throw new Error(String(res.status));
      startTransition(() => router.refresh());
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="inline-flex items-center gap-3">
      <Button variant="outline" size="sm" onClick={run} disabled={busy} data-testid="health-check-now">
        {busy ? t("checking") : t("checkNow")}
      </Button>
      {failed && (
        <span role="alert" className="text-sm text-destructive">
          {t("checkFailed")}
        </span>
      )}
    </span>
  );
}
