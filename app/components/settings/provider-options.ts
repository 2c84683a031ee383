/**
 * CONN-1: what the provider dropdown offers, and the subscription apps that cannot be
 * used for upgrades (with the reason). Pure data, shared by the page and its tests.
 */
import { PROVIDER_LABELS } from "~/providers/scopes";
import { PROVIDER_NAMES, type ProviderName } from "~/providers/types";

export type ProviderChoice = "none" | ProviderName;

export const PROVIDER_CHOICES: ReadonlyArray<{ value: ProviderChoice; label: string }> = [
  { value: "none", label: "None" },
  ...PROVIDER_NAMES.map((value) => ({ value, label: PROVIDER_LABELS[value] })),
];

export interface UnsupportedProvider {
  name: string;
  reason: string;
}

const UPSELLS_ONLY = "They still work with subscription upsells, which go through Shopify's own checkout.";

export const UNSUPPORTED_PROVIDERS: readonly UnsupportedProvider[] = [
  {
    name: "Appstle",
    reason: `Appstle does not offer the API needed to change an existing subscription after checkout. ${UPSELLS_ONLY}`,
  },
  {
    name: "Smartrr",
    reason: `Smartrr does not offer the API needed to change an existing subscription after checkout. ${UPSELLS_ONLY}`,
  },
  {
    name: "Shopify selling plans (no subscription app)",
    reason: `Upgrades are carried out by your subscription app's API; Shopify's native selling plans have no such app. ${UPSELLS_ONLY}`,
  },
];
