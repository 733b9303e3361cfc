"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { FormError, fieldErrors } from "@/components/accounts/form-error";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { connectAccountAction } from "./control-actions";

/**
 * Connects a headscale or Tailscale account. Sent as a plain object (not FormData): the input is a union on
 * `kind`, and an empty optional field must arrive as absent, not as "".
 */
export function ConnectAccountForm() {
  const t = useTranslations("devices.control");
  const [kind, setKind] = useState<"headscale" | "tailscale">("headscale");
  const [state, formAction] = useActionState(async (prev: Awaited<ReturnType<typeof connectAccountAction>>, form: FormData) => {
    const value = (name: string) => String(form.get(name) ?? "").trim();
    const body: Record<string, unknown> = { kind, apiKey: value("apiKey") };
    if (kind === "headscale" || value("baseUrl")) body.baseUrl = value("baseUrl");
    if (kind === "tailscale" && value("tailnet")) body.tailnet = value("tailnet");
    return connectAccountAction(prev, body);
  }, null);
  return (
    <div className="space-y-3">
      <div role="radiogroup" aria-label={t("kind")} className="flex gap-4 text-sm">
        {(["headscale", "tailscale"] as const).map((k) => (
          <label key={k} className="inline-flex items-center gap-2">
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            {t(`kinds.${k}`)}
          </label>
        ))}
      </div>
      <form action={formAction} className="grid gap-3 sm:grid-cols-2" noValidate data-testid="connect-control-account">
        <FormField id="control-url" label={kind === "headscale" ? t("headscaleUrl") : t("tailscaleUrl")} errors={fieldErrors(state, "baseUrl")}>
          {(p) => (
            <Input
              {...p}
              name="baseUrl"
              type="url"
              placeholder={kind === "headscale" ? "https://headscale.example.com" : "https://api.tailscale.com"}
              required={kind === "headscale"}
            />
          )}
        </FormField>
        {kind === "tailscale" && (
          <FormField id="control-tailnet" label={t("tailnet")} errors={fieldErrors(state, "tailnet")}>
            {(p) => <Input {...p} name="tailnet" placeholder="-" />}
          </FormField>
        )}
        <FormField id="control-key" label={kind === "headscale" ? t("apiKey") : t("accessToken")} errors={fieldErrors(state, "apiKey")}>
          {(p) => <Input {...p} name="apiKey" type="password" autoComplete="off" required />}
        </FormField>
        <div className="sm:col-span-2">
          <SubmitButton pendingText={t("connecting")}>{t("connect")}</SubmitButton>
        </div>
      </form>
      <p className="text-xs text-muted-foreground">{t("credentialNote")}</p>
      <FormError state={state} fields={["baseUrl", "tailnet", "apiKey"]} />
      {state?.ok && <Alert tone="success">{t("connected")}</Alert>}
    </div>
  );
}
