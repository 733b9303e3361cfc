"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { Button, type ButtonProps } from "@/components/ui/button";
import type { ActionState } from "@/lib/actions/action";

/**
 * A button that opens a form in a native <dialog> (focus trapped, Escape closes): the operator's tools ask for
 * their values and a reason there, so nothing changes on a single click. Closes itself after each success of
 * its form's action (`result`, the action's state).
 */
export function ActionDialog({
  label,
  title,
  description,
  result,
  children,
  variant = "outline",
  ...props
}: Omit<ButtonProps, "title" | "children" | "result"> & {
  label: string;
  title: string;
  description?: ReactNode;
  result: ActionState<unknown>;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  // Every new state is a new object, so a second success closes it again.
  useEffect(() => {
    if (result?.ok) dialog.current?.close();
  }, [result]);
  return (
    <>
      <Button variant={variant} size="sm" {...props} onClick={() => dialog.current?.showModal()}>
        {label}
      </Button>
      <dialog
        ref={dialog}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-border bg-card p-6 text-foreground shadow-xl backdrop:bg-black/40"
      >
        <h2 className="text-lg font-semibold">{title}</h2>
        {description && <div className="mt-2 text-sm text-muted-foreground">{description}</div>}
        <div className="mt-4">{children}</div>
      </dialog>
    </>
  );
}

/** The dialog's cancel button: closes the dialog it is in. */
export function CloseDialogButton({ label }: { label: string }) {
  return (
    <Button variant="outline" onClick={(e) => e.currentTarget.closest("dialog")?.close()}>
      {label}
    </Button>
  );
}
