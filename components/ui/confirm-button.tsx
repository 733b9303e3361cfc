"use client";

import { useRef, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { Button, type ButtonProps } from "./button";

/**
 * A button that asks before a destructive action. It opens a native <dialog> (focus trapped, Escape closes);
 * confirming submits the surrounding form (put the values it needs in hidden inputs). While that form's action
 * runs, the button is disabled and shows `pendingText` (if given).
 */
export function ConfirmButton({
  children,
  title,
  description,
  confirmLabel,
  cancelLabel,
  variant = "destructive",
  pendingText,
  ...props
}: ButtonProps & { title: string; description?: ReactNode; confirmLabel: string; cancelLabel: string; pendingText?: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const { pending } = useFormStatus();
  return (
    <>
      <Button
        ref={trigger}
        variant={variant}
        {...props}
        disabled={pending || props.disabled}
        aria-busy={pending}
        type="button"
        onClick={() => dialog.current?.showModal()}
      >
        {pending && pendingText ? pendingText : children}
      </Button>
      <dialog
        ref={dialog}
        className="m-auto max-w-md rounded-lg border border-border bg-card p-6 text-foreground shadow-xl backdrop:bg-black/40"
      >
        <h2 className="text-lg font-semibold">{title}</h2>
        {description && <div className="mt-2 text-sm text-muted-foreground">{description}</div>}
        <div className="mt-6 flex justify-end gap-2">
          <Button variant="outline" onClick={() => dialog.current?.close()}>
            {cancelLabel}
          </Button>
          <Button
            variant={variant}
            onClick={() => {
              dialog.current?.close();
              const form = trigger.current?.closest("form");
              if (form) form.requestSubmit();
            }}
          >
            {confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}
