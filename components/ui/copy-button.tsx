"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button, type ButtonProps } from "./button";

/**
 * Copies `text` to the clipboard: for secrets and codes that are shown once (API tokens, new batches' codes,
 * two-factor keys and recovery codes). Says "copied" for a moment, announced to screen readers. Where the
 * Clipboard API is unavailable (plain http other than localhost), it selects the text of `selectTarget` and
 * copies the selection, or leaves it selected for the user to copy by hand.
 */
export function CopyButton({
  text,
  label,
  copiedLabel,
  failedLabel,
  selectTarget,
  variant = "outline",
  size = "sm",
  ...props
}: Omit<ButtonProps, "onClick" | "children"> & {
  text: string;
  label: string;
  copiedLabel: string;
  /** Shown when the browser refused the copy. */
  failedLabel: string;
  /** id of the element holding the text, selected when copying is refused. */
  selectTarget?: string;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    clearTimeout(timer.current);
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      // No Clipboard API (plain http other than localhost) or no permission: select the text and copy the
      // selection the old way; if even that is refused, the text stays selected for the user to copy.
      const target = selectTarget ? document.getElementById(selectTarget) : null;
      if (target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement) target.select();
      else if (target) window.getSelection()?.selectAllChildren(target);
      setState(target && document.execCommand("copy") ? "copied" : "failed");
    }
    timer.current = setTimeout(() => setState("idle"), 2500);
  };

  const Icon = state === "copied" ? Check : Copy;
  return (
    <Button variant={variant} size={size} onClick={() => void copy()} data-copy-state={state} {...props}>
      <Icon className="h-4 w-4" aria-hidden />
      <span aria-live="polite">{state === "copied" ? copiedLabel : state === "failed" ? failedLabel : label}</span>
    </Button>
  );
}
