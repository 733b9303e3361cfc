"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormError, fieldErrors } from "@/components/accounts/form-error";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { createTokenAction, revokeTokenAction } from "./actions";

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  created: Date;
  lastUsed: Date | null;
  revoked: boolean;
}

export function TokensSection({ tokens }: { tokens: TokenRow[] }) {
  const t = useTranslations("accounts.profile");
  const [state, formAction] = useActionState(createTokenAction, null);
  return (
    <div className="space-y-4">
      <form action={formAction} className="flex flex-wrap items-end gap-3" noValidate>
        <div className="min-w-56 flex-1">
          <FormField id="token-name" label={t("tokenName")} errors={fieldErrors(state, "name")}>
            {(p) => <Input {...p} name="name" required maxLength={100} />}
          </FormField>
        </div>
        <SubmitButton variant="outline" pendingText={t("createTokenPending")}>
          {t("createToken")}
        </SubmitButton>
      </form>
      <FormError state={state} fields={["name"]} />
      {state?.ok && (
        <Alert tone="success" className="space-y-2">
          <p>{t("newToken")}</p>
          <code className="block break-all rounded bg-background px-2 py-1 font-mono text-xs" data-testid="new-token">
            {state.data.token}
          </code>
        </Alert>
      )}
      {tokens.length === 0 ? (
        <EmptyState title={t("tokensEmpty")} />
      ) : (
        <Table>
          <THead>
            <Tr>
              <Th>{t("tokenName")}</Th>
              <Th>{t("tokenPrefix")}</Th>
              <Th>{t("tokenCreated")}</Th>
              <Th>{t("tokenLastUsed")}</Th>
              <Th />
            </Tr>
          </THead>
          <TBody>
            {tokens.map((tk) => (
              <Tr key={tk.id}>
                <Td className="font-medium">{tk.name}</Td>
                <Td className="font-mono text-xs">{tk.prefix}…</Td>
                <Td>
                  <DateTime value={tk.created} />
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
