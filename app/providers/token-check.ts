/**
 * Builds the CONN-2 result (valid / invalid / unverifiable) from what an adapter could
 * find out, with merchant-facing wording in one place.
 */
import { ProviderAuthError, ProviderError, ProviderRateLimitedError, ProviderUnavailableError } from "./errors";
import { PROVIDER_HELP, PROVIDER_LABELS, REQUIRED_SCOPES, scopeLabel } from "./scopes";
import type { ProviderName, TokenCheckResult, VerificationItem } from "./types";

export interface TokenFindings {
  provider: ProviderName;
  shopDomain: string;
  /** Scopes the token holds; null when the provider cannot tell. */
  grantedScopes: string[] | null;
  /** The store the token belongs to; null when the provider cannot tell. */
  tokenShop: string | null;
}

const normaliseShop = (shop: string) => shop.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/+$/, "");

export function tokenCheckFromFindings(f: TokenFindings): TokenCheckResult {
  const label = PROVIDER_LABELS[f.provider];
  const checked: VerificationItem[] = ["authentication"];
  const unchecked: VerificationItem[] = [];
  (f.grantedScopes ? checked : unchecked).push("scopes");
  (f.tokenShop ? checked : unchecked).push("store");

  const missingScopes = f.grantedScopes
    ? REQUIRED_SCOPES[f.provider].filter((scope) => !f.grantedScopes!.includes(scope))
    : [];

  if (f.tokenShop && normaliseShop(f.tokenShop) !== normaliseShop(f.shopDomain)) {
    return {
      state: "invalid",
      reason: "other_store",
      missingScopes,
      message: `This ${label} token belongs to another store (${normaliseShop(f.tokenShop)}), not ${normaliseShop(f.shopDomain)}. Create a token in the ${label} account connected to this store.`,
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

  const facts = [f.tokenShop ? `belongs to ${normaliseShop(f.shopDomain)}` : null, f.grantedScopes ? "has every permission Uplift needs" : null].filter(Boolean);
  let message = facts.length > 0 ? `${label} accepted the token: it ${facts.join(" and ")}.` : `${label} accepted the token.`;
  if (unchecked.includes("scopes")) {
    message += ` ${label} does not report a token's permissions, so Uplift could not check them: make sure the token has ${REQUIRED_SCOPES[f.provider].map(scopeLabel).join(", ")}.`;
  }
  if (unchecked.includes("store")) {
    message += ` ${label} did not say which store the token belongs to, so Uplift could not check it.`;
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
