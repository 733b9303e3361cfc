import { Alert } from "@/components/ui/alert";
import type { ActionState } from "@/lib/actions/action";
import { fieldErrorsOf } from "@/components/billing/action-error";

/**
 * The form-level error of an action state, so that each error is said once: field errors of the `fields` the form
 * shows next to its inputs are left to them (no "Some fields are not valid." above the field that says what),
 * field errors of anything else (hidden inputs, the form as a whole) are said here, and an error without field
 * errors is said here.
 */
export function FormError({ state, fields = [] }: { state: ActionState<unknown>; fields?: string[] }) {
  if (!state || state.ok) return null;
  const { message, fieldErrors = {} } = state.error;
  const keys = Object.keys(fieldErrors);
  if (keys.length === 0) return <Alert data-testid="form-error">{message}</Alert>;
  const unshown = keys.filter((k) => !fields.includes(k)).flatMap((k) => fieldErrors[k].map((e) => e.message));
  if (unshown.length === 0) return null;
  return <Alert data-testid="form-error">{[...new Set(unshown)].join(" ")}</Alert>;
}

export const fieldErrors = fieldErrorsOf;
