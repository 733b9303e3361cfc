"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useActionState, useEffect } from "react";
import { ActionError } from "@/components/billing/action-error";
import { Badge } from "@/components/ui/badge";
import { SubmitButton } from "@/components/ui/submit-button";
import { sendTestAlertAction } from "./actions";

/** Sends a test message to the saved targets and lists what each one answered. */
export function TestAlertButton() {
  const t = useTranslations("alerts.settings");
  const router = useRouter();
  const [state, formAction] = useActionState(sendTestAlertAction, null);
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form action={formAction} className="space-y-3" data-testid="alert-test-form">
      <input type="hidden" name="confirm" value="1" />
      <SubmitButton variant="outline" pendingText={t("testing")} data-testid="alert-test">
        {t("test")}
      </SubmitButton>
      {state?.ok && (
        <ul className="space-y-1 text-sm" data-testid="alert-test-results">
          {state.data.map((r, i) => (
            <li key={i} className="flex flex-wrap items-center gap-2" data-target={r.target} data-ok={String(r.ok)}>
              <Badge tone={r.ok ? "success" : "danger"}>{r.ok ? t("ok") : t("failed")}</Badge>
              <span className="break-all">{t("testResult", { target: t(`targets.${r.target}`), destination: r.destination })}</span>
              {(r.httpStatus !== null || r.error) && <span className="break-all font-mono text-xs text-muted-foreground">{[r.httpStatus, r.error].filter((x) => x !== null).join(" ")}</span>}
            </li>
          ))}
        </ul>
      )}
      <ActionError state={state} />
    </form>
  );
}
