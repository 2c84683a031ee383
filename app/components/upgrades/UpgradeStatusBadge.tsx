import { Badge } from "@shopify/polaris";
import { STATUS_LABELS, statusTone } from "./labels";

/** JOB-5: queued, running, succeeded, retrying, failed, scheduled. */
export function UpgradeStatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTone(status)}>{STATUS_LABELS[status] ?? status}</Badge>;
}
