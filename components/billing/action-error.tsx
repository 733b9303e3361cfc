import { Alert } from "@/components/ui/alert";
import type { ActionState } from "@/lib/actions/action";

/** A failed action's message, unless its field errors already say it next to the fields. */
export function ActionError({ state }: { state: ActionState<unknown> }) {
  if (!state || state.ok) return null;
  if (state.error.fieldErrors && Object.keys(state.error.fieldErrors).length > 0) return null;
  return <Alert data-testid="form-error">{state.error.message}</Alert>;
}

/** The messages of one field's errors, as FormField shows them. */
export function fieldErrorsOf(state: ActionState<unknown>, field: string): string[] | undefined {
  return state && !state.ok ? state.error.fieldErrors?.[field]?.map((e) => e.message) : undefined;
}
