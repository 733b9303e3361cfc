/** The title and one-line lead every page starts with. */
export function PageHeader({ title, lead }: { title: string; lead?: string }) {
  return (
    <div className="space-y-1">
      <h1 className="text-2xl font-bold">{title}</h1>
      {lead && <p className="text-muted-foreground">{lead}</p>}
    </div>
  );
}
