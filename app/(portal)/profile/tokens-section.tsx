"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormError, fieldErrors } from "@/components/accounts/form-error";
import { useSubmittedValues } from "@/components/billing/use-submitted-values";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { createTokenAction, revokeTokenAction } from "./actions";

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  scope: "read" | "full";
  created: Date;
  /** null: never expires. */
  expires: Date | null;
  expired: boolean;
  lastUsed: Date | null;
  revoked: boolean;
}

export function TokensSection({ tokens }: { tokens: TokenRow[] }) {
  const t = useTranslations("accounts.profile");
  const ts = useTranslations("security");
  const [state, formAction] = useActionState(createTokenAction, null);
  const { values, capture } = useSubmittedValues({ name: "", scope: "full", expiresAt: "" });
  return (
    <div className="space-y-4">
      <form action={formAction} onSubmit={capture} className="grid gap-3 sm:grid-cols-[1fr_10rem_11rem_auto] sm:items-end" noValidate>
        <FormField id="token-name" label={t("tokenName")} errors={fieldErrors(state, "name")}>
          {(p) => <Input {...p} name="name" required maxLength={100} defaultValue={state?.ok ? "" : values.name} />}
        </FormField>
        <FormField id="token-scope" label={ts("tokens.scope")} errors={fieldErrors(state, "scope")}>
          {(p) => (
            <Select {...p} name="scope" defaultValue={values.scope}>
              <option value="full">{ts("tokens.scopeFull")}</option>
              <option value="read">{ts("tokens.scopeRead")}</option>
            </Select>
          )}
        </FormField>
        <FormField id="token-expires" label={ts("tokens.expires")} errors={fieldErrors(state, "expiresAt")}>
          {(p) => <Input {...p} name="expiresAt" type="date" defaultValue={state?.ok ? "" : values.expiresAt} />}
        </FormField>
        <SubmitButton variant="outline" pendingText={t("createTokenPending")}>
          {t("createToken")}
        </SubmitButton>
      </form>
      <p className="text-xs text-muted-foreground">{ts("tokens.hint")}</p>
      <FormError state={state} fields={["name"]} />
      {state?.ok && (
        <Alert tone="success" className="space-y-2">
          <p>{t("newToken")}</p>
          <div className="flex flex-wrap items-center gap-2">
            <code id="new-token" className="block min-w-0 flex-1 break-all rounded bg-background px-2 py-1 font-mono text-xs" data-testid="new-token">
              {state.data.token}
            </code>
            <CopyButton text={state.data.token} selectTarget="new-token" label={ts("copy.copy")} copiedLabel={ts("copy.copied")} failedLabel={ts("copy.failed")} />
          </div>
        </Alert>
      )}
      {tokens.length === 0 ? (
        <EmptyState title={t("tokensEmpty")} />
      ) : (
        <Table data-testid="tokens-table">
          <THead>
            <Tr>
              <Th>{t("tokenName")}</Th>
              <Th>{t("tokenPrefix")}</Th>
              <Th>{ts("tokens.scope")}</Th>
              <Th>{t("tokenCreated")}</Th>
              <Th>{ts("tokens.expires")}</Th>
              <Th>{t("tokenLastUsed")}</Th>
              <Th />
            </Tr>
          </THead>
          <TBody>
            {tokens.map((tk) => (
              <Tr key={tk.id} data-testid="token-row">
                <Td className="font-medium">{tk.name}</Td>
                <Td className="font-mono text-xs">{tk.prefix}…</Td>
                <Td>
                  <Badge tone={tk.scope === "read" ? "info" : "neutral"}>{ts(tk.scope === "read" ? "tokens.scopeRead" : "tokens.scopeFull")}</Badge>
                </Td>
                <Td>
                  <DateTime value={tk.created} />
                </Td>
                <Td>
                  {tk.expired ? <Badge tone="warning">{ts("tokens.expired")}</Badge> : tk.expires ? <DateTime value={tk.expires} /> : ts("tokens.never")}
                </Td>
                <Td>{tk.lastUsed ? <DateTime value={tk.lastUsed} /> : t("never")}</Td>
                <Td className="text-right">{tk.revoked ? <Badge>{t("tokenRevoked")}</Badge> : <RevokeForm id={tk.id} />}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}

function RevokeForm({ id }: { id: string }) {
  const t = useTranslations();
  const [state, formAction] = useActionState(revokeTokenAction, null);
  return (
    <form action={formAction} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="id" value={id} />
      <ConfirmButton
        size="sm"
        title={t("accounts.profile.revokeConfirm")}
        description={t("accounts.profile.revokeBody")}
        confirmLabel={t("accounts.profile.revoke")}
        cancelLabel={t("common.common.cancel")}
      >
        {t("accounts.profile.revoke")}
      </ConfirmButton>
      <FormError state={state} />
    </form>
  );
}
