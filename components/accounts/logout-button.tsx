"use client";

import { LogOut } from "lucide-react";
import { useActionState } from "react";
import { logoutAction } from "@/app/_actions/auth";
import { SubmitButton } from "@/components/ui/submit-button";

/** The header's text button, or a labelled row of the phone menu. */
export function LogoutButton({ label, variant = "bar" }: { label: string; variant?: "bar" | "menu" }) {
  const [, formAction] = useActionState(logoutAction, null);
  return (
    <form action={formAction}>
      {variant === "menu" ? (
        <SubmitButton variant="ghost" className="h-auto w-full justify-start px-3 py-2.5 font-normal" data-testid="menu-logout">
          <LogOut className="h-4 w-4 text-muted-foreground" aria-hidden />
          {label}
        </SubmitButton>
      ) : (
        <SubmitButton variant="ghost" size="sm" data-testid="logout">
          {label}
        </SubmitButton>
      )}
    </form>
  );
}
