/** A log row's structured data on one truncated line; the whole of it on hover. Nothing for an empty object. */
export function JsonSummary({ value }: { value: Record<string, unknown> }) {
  if (Object.keys(value).length === 0) return null;
  const text = JSON.stringify(value);
  return (
    <code className="block truncate font-mono text-xs text-muted-foreground" title={text}>
      {text}
    </code>
  );
}
