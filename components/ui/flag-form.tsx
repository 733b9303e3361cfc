"use client";

import type { ReactNode } from "react";
import { ConfirmButton } from "./confirm-button";
import { SubmitButton } from "./submit-button";

/**
 * One on/off flag of an object as a small form: posts `id` and `<field>=<the new value>` to `action`. Turning
 * the flag the risky way asks first (`confirm`); the other way submits at once.
 */
export function FlagForm({
  action,
  id,
  field,
  next,
  label,
  confirm,
  testId,
}: {
  action: (form: FormData) => void;
  id: string;
  field: string;
  /** The value the flag gets when this form is submitted. */
  next: boolean;
  label: string;
  /** Given: a confirmation dialog comes first. */
  confirm?: { title: string; description?: ReactNode; cancelLabel: string };
  testId: string;
}) {
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name={field} value={String(next)} />
      {confirm ? (
        <ConfirmButton variant="outline" size="sm" confirmLabel={label} {...confirm} data-testid={testId}>
          {label}
        </ConfirmButton>
      ) : (
        <SubmitButton variant="outline" size="sm" data-testid={testId}>
          {label}
        </SubmitButton>
      )}
    </form>
  );
}
