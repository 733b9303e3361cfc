"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormError } from "@/components/accounts/form-error";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { endSessionAction } from "./actions";

export interface SessionRow {
  id: string;
  browser: string | null;
  os: string | null;
  ip: string | null;
  signedIn: Date;
  lastSeen: Date;
  current: boolean;
}

export function SessionsSection({ sessions }: { sessions: SessionRow[] }) {
  const t = useTranslations("accounts.profile");
  if (sessions.length === 0) return <EmptyState title={t("sessionsEmpty")} />;
  const device = (s: SessionRow) =>
    s.browser && s.os ? t("sessionDeviceOn", { browser: s.browser, os: s.os }) : (s.browser ?? s.os ?? t("sessionDeviceUnknown"));
  return (
    <Table data-testid="sessions">
      <THead>
        <Tr>
          <Th>{t("sessionDevice")}</Th>
          <Th>{t("sessionAddress")}</Th>
          <Th>{t("sessionSignedIn")}</Th>
          <Th>{t("sessionLastSeen")}</Th>
          <Th />
        </Tr>
      </THead>
      <TBody>
        {sessions.map((s) => (
          <Tr key={s.id} data-testid="session-row" data-current={s.current ? "true" : undefined}>
            <Td className="font-medium">
              {device(s)} {s.current && <Badge tone="info">{t("sessionCurrent")}</Badge>}
            </Td>
            <Td className="font-mono text-xs">{s.ip ?? t("sessionAddressUnknown")}</Td>
            <Td>
              <DateTime value={s.signedIn} />
            </Td>
            <Td>
              <DateTime value={s.lastSeen} />
            </Td>
            <Td className="text-right">
              <EndSessionForm id={s.id} current={s.current} />
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

function EndSessionForm({ id, current }: { id: string; current: boolean }) {
  const t = useTranslations();
  const [state, formAction] = useActionState(endSessionAction, null);
  return (
    <form action={formAction} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="id" value={id} />
      <ConfirmButton
        size="sm"
        title={t("accounts.profile.sessionEndConfirm")}
        description={t(current ? "accounts.profile.sessionEndCurrentBody" : "accounts.profile.sessionEndBody")}
        confirmLabel={t("accounts.profile.sessionEnd")}
        cancelLabel={t("common.common.cancel")}
        data-testid="end-session"
      >
        {t("accounts.profile.sessionEnd")}
      </ConfirmButton>
      <FormError state={state} />
    </form>
  );
}
