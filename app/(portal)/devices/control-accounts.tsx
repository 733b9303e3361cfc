"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { FormError } from "@/components/accounts/form-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { DateTime } from "@/components/ui/date-time";
import type { ActionState } from "@/lib/actions/action";
import { disconnectAccountAction, setSyncAction, syncNowAction } from "./control-actions";
import { NodePicker } from "./node-picker";

export interface AccountRow {
  id: string;
  kind: "headscale" | "tailscale";
  baseUrl: string;
  tailnet: string | null;
  syncEnabled: boolean;
  lastSyncAt: Date | null;
  lastError: string | null;
}

/** Error codes a sync may leave on an account, each with a sentence; anything else reads as the generic one. */
const SYNC_ERRORS = new Set(["control_unreachable", "control_auth_failed", "control_bad_response", "device_limit_reached"]);

export function ControlAccounts({ accounts }: { accounts: AccountRow[] }) {
  return (
    <ul className="space-y-4" data-testid="control-accounts">
      {accounts.map((a) => (
        <AccountItem key={a.id} account={a} />
      ))}
    </ul>
  );
}

function AccountItem({ account }: { account: AccountRow }) {
  const t = useTranslations("devices.control");
  const [syncState, setSyncState] = useState<ActionState<unknown>>(null);
  const [busy, startTransition] = useTransition();
  const run = (fn: () => Promise<ActionState<unknown>>) => startTransition(async () => setSyncState(await fn()));
  return (
    <li className="space-y-3 rounded-md border border-border p-4" data-testid="control-account">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="space-y-1">
          <p className="font-medium">
            {t(`kinds.${account.kind}`)} <span className="font-mono text-xs text-muted-foreground">{account.baseUrl}</span>
            {account.tailnet && <span className="ml-2 text-sm text-muted-foreground">{t("tailnetIs", { tailnet: account.tailnet })}</span>}
          </p>
          <p className="text-xs text-muted-foreground">
            {t("lastSync")}: {account.lastSyncAt ? <DateTime value={account.lastSyncAt} /> : t("never")}
          </p>
          {account.lastError && (
            <Badge tone="warning" data-testid="control-last-error">
              {t(`syncErrors.${SYNC_ERRORS.has(account.lastError) ? account.lastError : "other"}`)}
            </Badge>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <label className="inline-flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={account.syncEnabled}
              disabled={busy}
              onChange={(e) => {
                const syncEnabled = e.target.checked;
                run(() => setSyncAction(null, { id: account.id, syncEnabled }));
              }}
              data-testid="control-sync-toggle"
            />
            {t("syncToggle")}
          </label>
          <Button size="sm" variant="outline" disabled={busy} onClick={() => run(() => syncNowAction(null, { id: account.id }))}>
            {t("syncNow")}
          </Button>
          <DisconnectForm id={account.id} />
        </div>
      </div>
      <p className="text-xs text-muted-foreground">{t("syncHint")}</p>
      <FormError state={syncState} />
      <NodePicker accountId={account.id} />
    </li>
  );
}

function DisconnectForm({ id }: { id: string }) {
  const t = useTranslations("devices.control");
  const [state, formAction] = useActionState(disconnectAccountAction, null);
  return (
    <form action={formAction} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="id" value={id} />
      <ConfirmButton
        size="sm"
        title={t("disconnectConfirm")}
        description={t("disconnectBody")}
        confirmLabel={t("disconnect")}
        cancelLabel={t("cancel")}
      >
        {t("disconnect")}
      </ConfirmButton>
      <FormError state={state} />
    </form>
  );
}
