"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ActionError } from "@/components/billing/action-error";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { RelayState } from "@/db/schema";
import { moveContainerAction, releaseContainerAction, restartContainerAction, startContainerAction, stopContainerAction } from "./actions";

/**
 * One relay's actions on the containers page. Start needs no confirmation; stop, restart (connected devices
 * drop), move (new ports: the customer's DERP map changes) and release (the container and its key are
 * removed) ask first.
 */
export function RelayRowActions({
  id,
  name,
  state,
  servers,
  currentServerId,
}: {
  id: string;
  name: string;
  state: RelayState;
  servers: { id: string; name: string }[];
  currentServerId: string;
}) {
  const t = useTranslations("containers.actions");
  const tc = useTranslations("common.common");
  const [stopState, stop] = useActionState(stopContainerAction, null);
  const [startState, start] = useActionState(startContainerAction, null);
  const [restartState, restart] = useActionState(restartContainerAction, null);
  const [moveState, move] = useActionState(moveContainerAction, null);
  const [releaseState, release] = useActionState(releaseContainerAction, null);
  if (state === "released") return null;
  const ask = (key: "stop" | "restart" | "move" | "release") => ({
    title: t(`${key}Confirm`, { name }),
    description: t(`${key}Body`),
    confirmLabel: t(key),
    cancelLabel: tc("cancel"),
    pendingText: t("working"),
    size: "sm" as const,
  });
  return (
    <div className="space-y-2" data-testid="relay-actions">
      <div className="flex flex-wrap items-center gap-2">
        {state === "running" && (
          <form action={stop}>
            <input type="hidden" name="id" value={id} />
            <ConfirmButton variant="outline" {...ask("stop")} data-testid="relay-stop">
              {t("stop")}
            </ConfirmButton>
          </form>
        )}
        {(state === "stopped" || state === "failed") && (
          <form action={start}>
            <input type="hidden" name="id" value={id} />
            <SubmitButton variant="outline" size="sm" pendingText={t("working")} data-testid="relay-start">
              {t("start")}
            </SubmitButton>
          </form>
        )}
        {state === "running" && (
          <form action={restart}>
            <input type="hidden" name="id" value={id} />
            <ConfirmButton variant="outline" {...ask("restart")} data-testid="relay-restart">
              {t("restart")}
            </ConfirmButton>
          </form>
        )}
        <form action={move} className="flex items-center gap-1">
          <input type="hidden" name="id" value={id} />
          <label className="sr-only" htmlFor={`move-${id}`}>
            {t("moveTarget")}
          </label>
          <Select id={`move-${id}`} name="targetServerId" defaultValue="" className="h-8 w-36 text-xs">
            <option value="">{t("moveAnywhere")}</option>
            {servers
              .filter((s) => s.id !== currentServerId)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
          </Select>
          <ConfirmButton variant="outline" {...ask("move")} data-testid="relay-move">
            {t("move")}
          </ConfirmButton>
        </form>
        <form action={release}>
          <input type="hidden" name="id" value={id} />
          <ConfirmButton {...ask("release")} data-testid="relay-release">
            {t("release")}
          </ConfirmButton>
        </form>
      </div>
      <div aria-live="polite">
        {[stopState, startState, restartState, moveState, releaseState].map((s, i) => (
          <ActionError key={i} state={s} />
        ))}
      </div>
    </div>
  );
}
