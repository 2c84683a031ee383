/**
 * Builds the CONN-2 result (valid / invalid / unverifiable) from what an adapter could
 * find out, with merchant-facing wording in one place.
 */
import { ProviderAuthError, ProviderError, ProviderRateLimitedError, ProviderUnavailableError } from "./errors";
import { PROVIDER_HELP, PROVIDER_LABELS, REQUIRED_SCOPES, scopeLabel } from "./scopes";
import type { ProviderName, ShopOwnsCustomer, TokenCheckResult, VerificationItem } from "./types";

/**
 * Whether the token's store is this shop, found by asking the shop's own Admin API about
 * the Shopify customer of one of the token's subscriptions (no provider guess involved).
 */
export type StoreFinding = { checked: true; owned: boolean } | { checked: false; why: string };

export interface TokenFindings {
  provider: ProviderName;
  shopDomain: string;
  /** Scopes the token holds; null when the provider cannot tell. */
  grantedScopes: string[] | null;
  store: StoreFinding;
}

/** The store finding for the Shopify customer of one provider subscription (null: the token has none yet). */
export async function storeFindingFor(customerId: string | null, ownsCustomer: ShopOwnsCustomer | undefined): Promise<StoreFinding> {
  if (!ownsCustomer) return { checked: false, why: "Uplift had no access to the shop's customers to compare with" };
  if (!customerId) return { checked: false, why: "the account has no subscription yet to compare with the shop's customers" };
  const owned = await ownsCustomer(customerId);
  return owned === null ? { checked: false, why: "Shopify did not answer when Uplift looked up the subscription's customer" } : { checked: true, owned };
}

const normaliseShop = (shop: string) => shop.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/+$/, "");

export function tokenCheckFromFindings(f: TokenFindings): TokenCheckResult {
  const label = PROVIDER_LABELS[f.provider];
  const checked: VerificationItem[] = ["authentication"];
  const unchecked: VerificationItem[] = [];
  (f.grantedScopes ? checked : unchecked).push("scopes");
  (f.store.checked ? checked : unchecked).push("store");

  const missingScopes = f.grantedScopes
    ? REQUIRED_SCOPES[f.provider].filter((scope) => !f.grantedScopes!.includes(scope))
    : [];

  if (f.store.checked && !f.store.owned) {
    return {
      state: "invalid",
      reason: "other_store",
      missingScopes,
      message: `This ${label} token belongs to another store: its subscriptions are for customers ${normaliseShop(f.shopDomain)} does not have. Create a token in the ${label} account connected to this store.`,
      checked,
      unchecked,
    };
  }
  if (missingScopes.length > 0) {
    return {
      state: "invalid",
      reason: "missing_scopes",
      missingScopes,
      message: `This ${label} token is missing ${missingScopes.length === 1 ? "a permission" : "permissions"}: ${missingScopes.map(scopeLabel).join(", ")}. Add ${missingScopes.length === 1 ? "it" : "them"} in ${PROVIDER_HELP[f.provider].where} and test again.`,
      checked,
      unchecked,
    };
  }

  const facts = [f.store.checked ? `belongs to ${normaliseShop(f.shopDomain)}` : null, f.grantedScopes ? "has every permission Uplift needs" : null].filter(Boolean);
  let message = facts.length > 0 ? `${label} accepted the token: it ${facts.join(" and ")}.` : `${label} accepted the token.`;
  if (unchecked.includes("scopes")) {
    message += ` ${label} does not report a token's permissions, so Uplift could not check them: make sure the token has ${REQUIRED_SCOPES[f.provider].map(scopeLabel).join(", ")}.`;
  }
  if (!f.store.checked) {
    message += ` Uplift could not check which store the token belongs to: ${f.store.why}.`;
  }
  return { state: "valid", message, checked, unchecked };
}

/** A ProviderError met during the check → invalid (auth) or unverifiable (anything else). */
export function tokenCheckFromError(provider: ProviderName, error: unknown): TokenCheckResult {
  const label = PROVIDER_LABELS[provider];
  if (error instanceof ProviderAuthError) {
    return {
      state: "invalid",
      reason: "rejected",
      missingScopes: [],
      message: `${label} rejected this token. Check that you copied all of it and that it has not been deleted or expired, then test again.`,
      checked: ["authentication"],
      unchecked: ["scopes", "store"],
    };
  }
  let why = "answered in an unexpected way";
  if (error instanceof ProviderUnavailableError) {
    why = error.code === "timeout" ? "did not answer in time" : error.code === "network" ? "could not be reached" : "had a server error";
  } else if (error instanceof ProviderRateLimitedError) {
    why = "is throttling requests right now";
  } else if (!(error instanceof ProviderError)) {
    why = "could not be checked because of an unexpected error";
  }
  return {
    state: "unverifiable",
    message: `Uplift could not verify the token: ${label} ${why}. Try again in a few minutes.`,
    checked: [],
    unchecked: ["authentication", "scopes", "store"],
  };
}
