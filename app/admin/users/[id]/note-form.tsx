"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormError, fieldErrors } from "@/components/accounts/form-error";
import { useSubmittedValues } from "@/components/billing/use-submitted-values";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { addUserNoteAction } from "../actions";

/** Adds an admin-only note on the user; the list above it is rendered by the page. */
export function NoteForm({ userId }: { userId: string }) {
  const t = useTranslations("operator.notes");
  const [state, formAction] = useActionState(addUserNoteAction, null);
  const { values, capture } = useSubmittedValues({ body: "" });
  return (
    <form action={formAction} onSubmit={capture} className="space-y-3" noValidate data-testid="note-form">
      <input type="hidden" name="id" value={userId} />
      <FormField id="note-body" label={t("add")} errors={fieldErrors(state, "body")}>
        {(p) => <Textarea {...p} name="body" required maxLength={2000} rows={3} placeholder={t("placeholder")} defaultValue={state?.ok ? "" : values.body} />}
      </FormField>
      <FormError state={state} />
      <SubmitButton variant="outline" pendingText={t("pending")} data-testid="note-submit">
        {t("submit")}
      </SubmitButton>
    </form>
  );
}
