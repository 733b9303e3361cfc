/** DB-IP's licence (CC BY 4.0) asks for a link back wherever its locations are shown. */
export function DbIpCredit({ label }: { label: string }) {
  return (
    <p className="text-xs text-muted-foreground" data-testid="dbip-credit">
      {label}{" "}
      <a href="https://db-ip.com" className="underline" target="_blank" rel="noreferrer">
        DB-IP
      </a>{" "}
      (CC BY 4.0)
    </p>
  );
}
