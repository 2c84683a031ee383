/** What the upgrades routes hand their components (JSON over the wire: dates as ISO strings). */
import type { UpgradeDetail, UpgradeList } from "~/upgrades/log.server";

export type UpgradeListData = UpgradeList;
export type UpgradeRowData = UpgradeList["rows"][number];
export type UpgradeDetailData = UpgradeDetail;
export type TimelineEntryData = UpgradeDetail["timeline"][number];

export interface UpgradeFilterValues {
  status: string;
  provider: string;
  from: string;
  to: string;
}

export type RetryActionData = { ok: true; message: string } | { ok: false; message: string };
