/**
 * Errors the upgrade worker raises itself (the provider's own are in ~/providers/errors).
 * Pure: the retry policy and the page's plain-language text both read them.
 */

abstract class UpgradeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The shop has no saved provider connection, or it is for another provider than the upgrade. */
export class NoProviderConnectionError extends UpgradeError {}

/** The stored request cannot be applied as it stands (bad JSON, no product to look for). */
export class InvalidUpgradeRequestError extends UpgradeError {}

/** Shopify has not told Uplift the order id yet (the order webhook links it): transient. */
export class OrderNotLinkedError extends UpgradeError {}

/** RUN-5: the last attempt still found no subscription for the order at the provider. */
export class NoMatchingSubscriptionError extends UpgradeError {}

/** The saved token cannot be decrypted (ENCRYPTION_KEY changed): the merchant must save it again. */
export class UnreadableTokenError extends UpgradeError {}

/**
 * Uplift's own limiter would make the job wait longer than it may hold a worker slot:
 * the job steps aside (no attempt used) so other shops' jobs can run meanwhile.
 */
export class RateLimitDeferral extends UpgradeError {
  constructor(
    readonly retryAfterMs: number,
    readonly limiterKey: string,
  ) {
    super(`Waiting ${Math.ceil(retryAfterMs / 1000)} s to stay within the provider's rate limit`);
  }
}

/** Thrown to BullMQ for a counted, retryable failure: the backoff strategy reads `delayMs`. */
export class UpgradeRetryError extends UpgradeError {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}
