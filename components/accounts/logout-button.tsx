"use client";

import { useActionState } from "react";
import { logoutAction } from "@/app/_actions/auth";
import { SubmitButton } from "@/components/ui/submit-button";

export function LogoutButton({ label }: { label: string }) {
  const [, formAction] = useActionState(logoutAction, null);
  return (
    <form action={formAction}>
      <SubmitButton variant="ghost" size="sm" data-testid="logout">
        {label}
      </SubmitButton>
    </form>
  );
}
