import { Badge } from "@shopify/polaris";
import { statusLabel, statusTone } from "./labels";

/** JOB-5: queued, running, succeeded, retrying, failed, scheduled. */
export function UpgradeStatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTone(status)}>{statusLabel(status)}</Badge>;
}
