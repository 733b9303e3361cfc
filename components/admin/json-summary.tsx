/**
 * A log row's structured data: one line that opens to the whole of it, wrapped (never clipped at the card's
 * edge or widening the page). Nothing for an empty object.
 */
export function JsonSummary({ value }: { value: Record<string, unknown> }) {
  if (Object.keys(value).length === 0) return null;
  const text = JSON.stringify(value);
  return (
    <details className="min-w-0 text-xs">
      <summary className="cursor-pointer truncate font-mono text-muted-foreground" title={text}>
        {text}
      </summary>
      <pre className="mt-1 whitespace-pre-wrap rounded bg-muted p-2 font-mono wrap-anywhere">{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}
