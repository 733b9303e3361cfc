import { Alert } from "@/components/ui/alert";
import type { ActionState } from "@/lib/actions/action";

/** The form-level error of an action state (field errors are shown by FormField), unless a field already says it. */
export function FormError({ state }: { state: ActionState<unknown> }) {
  if (!state || state.ok) return null;
  if (Object.values(state.fieldErrors ?? {}).some((messages) => messages.includes(state.error))) return null;
  return <Alert data-testid="form-error">{state.error}</Alert>;
}

export function fieldErrors(state: ActionState<unknown>, field: string): string[] | undefined {
  return state && !state.ok ? state.fieldErrors?.[field] : undefined;
}
