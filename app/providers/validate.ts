/** zod at the adapter boundary (OPS-3): a malformed change is a permanent error before any call. */
import { zodIssues } from "~/lib/zod-issues";
import { ProviderInvalidRequestError } from "./errors";
import { UpgradeChangeSchema, type ProviderName, type UpgradeChange } from "./types";

export function parseChange(provider: ProviderName, change: unknown): UpgradeChange {
  const parsed = UpgradeChangeSchema.safeParse(change);
  if (parsed.success) return parsed.data;
  throw new ProviderInvalidRequestError({ provider, message: `The upgrade cannot be applied as configured (${zodIssues(parsed.error, "change")}).` });
}
