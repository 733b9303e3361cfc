"use client";

import { useState, type FormEvent } from "react";

/**
 * React resets a form after its action runs, to each field's default value. Keeping the submitted values
 * as the defaults means a refused form comes back as the user typed it instead of emptied.
 * Use `capture` as the form's onSubmit and `values[name]` as each field's defaultValue.
 */
export function useSubmittedValues(initial: Record<string, string>) {
  const [values, setValues] = useState(initial);
  const capture = (e: FormEvent<HTMLFormElement>) => {
    const next: Record<string, string> = {};
    for (const [k, v] of new FormData(e.currentTarget)) if (typeof v === "string") next[k] = v;
    setValues(next);
  };
  return { values, capture, setValues };
}
