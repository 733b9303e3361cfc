"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ActionError, fieldErrorsOf } from "@/components/billing/action-error";
import { Alert } from "@/components/ui/alert";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyButton } from "@/components/ui/copy-button";
import { DateTime } from "@/components/ui/date-time";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { createLinkAction, revokeLinkAction, setLinkExpiryAction } from "./actions";

export interface LinkInfo {
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  expired: boolean;
}

/**
 * The direct link: make, rotate (a confirmation first, since the old link dies), revoke, expiry. The token is
 * never stored in clear, so the page can show a link only in the answer of the action that made it.
 */
export function LinkSection({ link }: { link: LinkInfo | null }) {
  const t = useTranslations("derpMap.link");
  const tm = useTranslations("derpMap");
  const [created, create] = useActionState(createLinkAction, null);
  const [revoked, revoke] = useActionState(revokeLinkAction, null);
  const [expiry, setExpiry] = useActionState(setLinkExpiryAction, null);
  const fresh = created?.ok ? created.data.url : null;
  return (
    <div className="space-y-4">
      <p className="text-sm text-muted-foreground">{t("lead")}</p>
      {fresh && (
        <Alert tone="success" className="space-y-2">
          <p>{t("newLink")}</p>
          <div className="flex flex-wrap items-center gap-2">
            <code id="new-link" className="block min-w-0 flex-1 break-all rounded bg-background px-2 py-1 font-mono text-xs" data-testid="new-link">
              {fresh}
            </code>
            <CopyButton text={fresh} selectTarget="new-link" label={tm("copy")} copiedLabel={tm("copied")} failedLabel={tm("copyFailed")} />
          </div>
          <p className="text-xs">{t("formatsNote")}</p>
        </Alert>
      )}
      {revoked?.ok && !link && <Alert tone="info">{t("revoked")}</Alert>}
      {link ? (
        <div className="space-y-1 text-sm" data-testid="link-status">
          <p>
            {t.rich("active", {
              created: () => <DateTime value={link.createdAt} />,
              used: () => (link.lastUsedAt ? <DateTime value={link.lastUsedAt} /> : t("never")),
            })}
          </p>
          <p>{link.expired ? t("expired") : link.expiresAt ? t.rich("expires", { at: () => <DateTime value={link.expiresAt!} /> }) : t("noExpiry")}</p>
        </div>
      ) : (
        <p className="text-sm">{t("none")}</p>
      )}
      <div className="flex flex-wrap items-end gap-3">
        <form action={create} className="flex flex-wrap items-end gap-2">
          <FormField id="link-expires" label={t("expiresAt")} errors={fieldErrorsOf(created, "expiresAt")}>
            {(p) => <Input {...p} name="expiresAt" type="date" />}
          </FormField>
          {link ? (
            <ConfirmButton size="sm" variant="outline" title={t("rotateConfirm")} description={t("rotateBody")} confirmLabel={t("rotate")} cancelLabel={t("cancel")} data-testid="link-rotate">
              {t("rotate")}
            </ConfirmButton>
          ) : (
            <SubmitButton size="sm" data-testid="link-create">
              {t("create")}
            </SubmitButton>
          )}
        </form>
        {link && (
          <>
            <form action={setExpiry} className="flex flex-wrap items-end gap-2">
              <FormField id="link-new-expiry" label={t("expiresAt")} errors={fieldErrorsOf(expiry, "expiresAt")}>
                {(p) => <Input {...p} name="expiresAt" type="date" />}
              </FormField>
              <SubmitButton size="sm" variant="outline" data-testid="link-expiry">
                {t("setExpiry")}
              </SubmitButton>
            </form>
            <form action={revoke}>
              <ConfirmButton size="sm" variant="destructive" title={t("revokeConfirm")} description={t("revokeBody")} confirmLabel={t("revoke")} cancelLabel={t("cancel")} data-testid="link-revoke">
                {t("revoke")}
              </ConfirmButton>
            </form>
          </>
        )}
      </div>
      <ActionError state={created} />
      <ActionError state={revoked} />
      <ActionError state={expiry} />
    </div>
  );
}
