"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ActionError } from "@/components/billing/action-error";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { SubmitButton } from "@/components/ui/submit-button";
import { reconcileAction } from "./actions";

/** "Reconcile now": runs reconciliation over every server and shows what it found and did, server by server. */
export function ReconcilePanel() {
  const t = useTranslations("containers.reconcile");
  const [state, formAction] = useActionState(reconcileAction, null);
  const report = state?.ok ? state.data : null;
  return (
    <div className="space-y-3">
      <form action={formAction}>
        <input type="hidden" name="scope" value="all" />
        <SubmitButton variant="outline" pendingText={t("running")} data-testid="reconcile-now">
          {t("button")}
        </SubmitButton>
      </form>
      <ActionError state={state} />
      {report && (
        <Card className="space-y-3" data-testid="reconcile-report">
          <p className="text-sm text-muted-foreground">
            {t("startedAt")} <DateTime value={report.startedAt} />
          </p>
          {report.servers.length === 0 && <p className="text-sm">{t("noServers")}</p>}
          <ul className="space-y-2">
            {report.servers.map((s) => (
              <li key={s.serverId} className="space-y-1">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{s.name}</span>
                  {s.reachable ? <Badge tone="success">{t("reachable")}</Badge> : <Badge tone="danger">{t("unreachable")}</Badge>}
                  <span className="text-sm text-muted-foreground">{t("actions", { count: s.actions.length })}</span>
                </div>
                {s.error && <p className="text-xs text-destructive">{s.error}</p>}
                {s.actions.length > 0 && (
                  <ul className="ml-4 list-disc text-sm">
                    {s.actions.map((a, i) => (
                      <li key={i}>
                        {t(`kind.${a.kind}`)} <span className="font-mono text-xs">{a.container}</span>: {a.reason}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
