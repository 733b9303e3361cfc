"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ActionError } from "@/components/billing/action-error";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { regenerateMapAction, setOmitAction } from "./actions";

/** "Build again now" and the OmitDefaultRegions choice. */
export function MapControls({ omit }: { omit: boolean }) {
  const t = useTranslations("derpMap");
  const [regen, regenerate] = useActionState(regenerateMapAction, null);
  const [omitState, toggle] = useActionState(setOmitAction, null);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <form action={regenerate}>
          <SubmitButton variant="outline" size="sm" data-testid="regenerate">
            {t("regenerate")}
          </SubmitButton>
        </form>
        {regen?.ok && <span className="text-sm text-muted-foreground">{t("regenerated", { version: regen.data.version })}</span>}
        <ActionError state={regen} />
      </div>
      <div className="space-y-2 rounded-md border border-border p-3">
        <p className="text-sm font-medium">{t("omit.title")}</p>
        <p className="text-sm text-muted-foreground" data-testid="omit-state">
          {omit ? t("omit.on") : t("omit.off")}
        </p>
        {!omit && <Alert tone="info">{t("omit.warning")}</Alert>}
        <form action={toggle}>
          <input type="hidden" name="omit" value={String(!omit)} />
          <SubmitButton variant="outline" size="sm" data-testid="omit-toggle">
            {omit ? t("omit.turnOff") : t("omit.turnOn")}
          </SubmitButton>
        </form>
        <ActionError state={omitState} />
      </div>
    </div>
  );
}
