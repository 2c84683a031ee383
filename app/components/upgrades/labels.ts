/** Words and badge tones for upgrade statuses and attempt outcomes (browser-safe). */

export const STATUS_ORDER = ["queued", "scheduled", "running", "retrying", "succeeded", "failed"] as const;

export const STATUS_LABELS: Record<string, string> = {
  queued: "Queued",
  scheduled: "Scheduled",
  running: "Running",
  retrying: "Retrying",
  succeeded: "Succeeded",
  failed: "Failed",
};

/** The word for a status; an unknown status (a newer worker's) is shown as stored rather than blank. */
export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

export type BadgeTone = "success" | "critical" | "warning" | "info" | "attention" | undefined;

export function statusTone(status: string): BadgeTone {
  switch (status) {
    case "succeeded":
      return "success";
    case "failed":
      return "critical";
    case "retrying":
      return "warning";
    case "running":
      return "info";
    case "scheduled":
      return "attention";
    default:
      return undefined;
  }
}

export const OUTCOME_LABELS: Record<string, { label: string; tone: BadgeTone }> = {
  succeeded: { label: "Succeeded", tone: "success" },
  already_applied: { label: "Already in place", tone: "success" },
  failed: { label: "Failed", tone: "critical" },
  rate_limited: { label: "Waited (rate limit)", tone: "warning" },
  running: { label: "Running", tone: "info" },
};

const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const dateOnly = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

/** Same text on the server and in the browser (UTC), so hydration never disagrees. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? `${dateTime.format(new Date(iso))} UTC` : "—";
}

export function formatDate(isoDate: string | null | undefined): string {
  return isoDate ? dateOnly.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`)) : "—";
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return "";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
