/**
 * Plain-language text for every kind of upgrade failure, keyed by the error class the
 * worker (or the runtime, at acceptance) stores in UpgradeJob.lastErrorClass and
 * UpgradeAttempt.errorClass. Pure: the upgrades page and its tests read it.
 */

export interface UpgradeErrorText {
  /** What happened, in a few words. */
  title: string;
  /** What Uplift does about it, or what the merchant can do. */
  advice: string;
}

const TEXT: Record<string, UpgradeErrorText> = {
  ProviderAuthError: {
    title: "Your provider rejected Uplift's API key",
    advice: "The key expired or lost a permission. Re-test it in Settings › Subscription Upgrades, then press Retry now.",
  },
  ProviderNotFoundError: {
    title: "The subscription was not at the provider yet",
    advice: "Providers can take a while to create the subscription of a new order. Uplift tries again automatically.",
  },
  NoMatchingSubscriptionError: {
    title: "No matching subscription",
    advice:
      "Your provider has no subscription for this order's product. The shopper saw a success message and their order is fine. Check the order in your provider, then press Retry now, or change the subscription by hand.",
  },
  ProviderInvalidRequestError: {
    title: "Your provider refused the change",
    advice: "Check that the upgrade's selling plan, product and frequency exist in your provider, then press Retry now.",
  },
  ProviderPartialChangeError: {
    title: "Partly applied: the shopper's subscription changed, one part did not",
    advice:
      "The shopper paid and part of the upgrade is already at your provider. The message names the part that is missing and what to do in your provider; retrying in Uplift will not add it.",
  },
  ProviderRateLimitedError: {
    title: "Your provider asked Uplift to slow down",
    advice: "Uplift waited as long as the provider asked. Waiting does not use up one of the three attempts.",
  },
  ProviderUnavailableError: {
    title: "Your provider could not be reached",
    advice: "This is usually temporary. Uplift tries again 1 hour and 24 hours after the first failure.",
  },
  NoProviderConnectionError: {
    title: "No subscription provider is connected",
    advice: "Connect your provider in Settings › Subscription Upgrades, then press Retry now.",
  },
  UnreadableTokenError: {
    title: "Uplift can no longer read the saved API key",
    advice: "Paste the key again in Settings › Subscription Upgrades, test it and save, then press Retry now.",
  },
  InvalidUpgradeRequestError: {
    title: "The upgrade's settings cannot be applied",
    advice: "This upgrade was accepted with settings the provider cannot use. Change the subscription by hand in your provider.",
  },
  OrderNotLinkedError: {
    title: "Shopify had not confirmed the order yet",
    advice: "Uplift waits for Shopify's order confirmation and tries again automatically.",
  },
  RateLimitDeferral: {
    title: "Paused to stay within your provider's rate limit",
    advice: "Uplift spaces out calls to your provider; the change continues on its own.",
  },
};

/** Classes the runtime records when an upgrade cannot even be queued at acceptance. */
const ALIASES: Record<string, string> = {
  ProviderNotConnected: "NoProviderConnectionError",
  InvalidUpgradeSettings: "InvalidUpgradeRequestError",
};

const UNKNOWN: UpgradeErrorText = {
  title: "Something went wrong inside Uplift",
  advice: "Uplift tries again automatically. If it keeps failing, contact Uplift support with this upgrade's link.",
};

export function explainUpgradeError(errorClass: string | null | undefined): UpgradeErrorText {
  if (!errorClass) return UNKNOWN;
  return TEXT[ALIASES[errorClass] ?? errorClass] ?? UNKNOWN;
}
