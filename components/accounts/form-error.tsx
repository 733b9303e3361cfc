import { Alert } from "@/components/ui/alert";
import type { ActionState } from "@/lib/actions/action";
import { fieldErrorsOf } from "@/components/billing/action-error";

/** The form-level error of an action state (field errors are shown by FormField), unless a field already says it. */
export function FormError({ state }: { state: ActionState<unknown> }) {
  if (!state || state.ok) return null;
  const { code, message, fieldErrors } = state.error;
  if (Object.values(fieldErrors ?? {}).some((errors) => errors.some((e) => e.code === code || e.message === message))) return null;
  return <Alert data-testid="form-error">{message}</Alert>;
}

export const fieldErrors = fieldErrorsOf;
