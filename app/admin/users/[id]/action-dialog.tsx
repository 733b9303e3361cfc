"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { Button, type ButtonProps } from "@/components/ui/button";

/**
 * A button that opens a form in a native <dialog> (focus trapped, Escape closes): the operator's tools ask for
 * their values and a reason there, so nothing changes on a single click. Closes itself when `done` turns true.
 */
export function ActionDialog({
  label,
  title,
  description,
  done,
  children,
  variant = "outline",
  ...props
}: Omit<ButtonProps, "title" | "children"> & { label: string; title: string; description?: ReactNode; done: boolean; children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (done) dialog.current?.close();
  }, [done]);
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
