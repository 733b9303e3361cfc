"use client";

import { LogOut } from "lucide-react";
import { useActionState } from "react";
import { logoutAction } from "@/app/_actions/auth";
import { SubmitButton } from "@/components/ui/submit-button";

/** Text on wide screens, an icon (with the text for screen readers and as a tooltip) on narrow ones. */
export function LogoutButton({ label }: { label: string }) {
  const [, formAction] = useActionState(logoutAction, null);
  return (
    <form action={formAction}>
      <SubmitButton variant="ghost" size="sm" className="px-2 sm:px-3" title={label} data-testid="logout">
        <LogOut className="h-4 w-4 sm:hidden" aria-hidden />
        <span className="sr-only sm:not-sr-only">{label}</span>
      </SubmitButton>
    </form>
  );
}
