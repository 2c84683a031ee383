/**
 * Table cells for the support console: Polaris tables keep cells on one line, so a long
 * sentence pushed one row off-screen. Sentences wrap inside a bounded width; dates never do.
 */
export function Wrap({ children, width = "18rem" }: { children: React.ReactNode; width?: string }) {
  return <div style={{ whiteSpace: "normal", overflowWrap: "anywhere", minWidth: "8rem", maxWidth: width }}>{children}</div>;
}

export function NoWrap({ children }: { children: React.ReactNode }) {
  return <span style={{ whiteSpace: "nowrap" }}>{children}</span>;
}

/** "2026-12-04 20:14 UTC": the same text on the server and in the browser. */
export const utcMinute = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;
