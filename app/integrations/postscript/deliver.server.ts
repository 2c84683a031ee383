/**
 * Delivers one recorded Postscript event (PS-2, PS-4): adds the shopper's contact,
 * sends it, and records the outcome on its PostscriptDelivery row.
 *
 * Idempotent: a row already "sent" is not sent again, and a resend of the same event is
 * harmless at Postscript because its external_id is the same.
 */
import prisma from "~/db.server";
import { logger } from "~/logger.server";
import { createPostscriptClient, type PostscriptClientOptions } from "./client.server";
import { loadPostscriptCredentials } from "./connection.server";
import { ContactLookupError, lookupContactWithOfflineSession, type ContactLookup } from "./contact.server";
import { isPostscriptError, PostscriptRateLimitedError } from "./errors";
import { buildEventBody, type EventContact, type EventProperties } from "./event-builders";
import { postscriptBodyColumn, type StoredEventBody } from "./record-event.server";

export interface DeliveryDeps {
  lookupContact?: ContactLookup;
  /** Base URL, timeout, fetch (defaults: POSTSCRIPT_API_URL, PROVIDER_TIMEOUT_MS). */
  client?: Omit<PostscriptClientOptions, "apiKey">;
  now?: () => Date;
}

export type DeliveryOutcome =
  | { outcome: "sent"; eventIds: string[]; note: string | null }
  | { outcome: "already_sent" }
  | { outcome: "gone" };

/** Thrown when delivery must stop for good; `message` is already on the row. */
export class FinalDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FinalDeliveryError";
  }
}

/** A transient failure: the queue tries again (with the Postscript backoff). */
export class RetryableDeliveryError extends Error {
  constructor(
    message: string,
    /** Postscript answered 429: the backoff is short, with jitter. */
    readonly rateLimited: boolean,
  ) {
    super(message);
    this.name = "RetryableDeliveryError";
  }
}

function parseStored(body: string): StoredEventBody | null {
  const read = postscriptBodyColumn.safeParse(body);
  return read.ok ? read.value : null;
}

/** The HH:MM:SS.ffffff time Postscript wants, back into a Date. */
function occurredAtDate(value: string): Date {
  const date = new Date(`${value.replace(" ", "T").slice(0, 23)}Z`);
  return Number.isNaN(date.getTime()) ? new Date() : date;
}

/**
 * `attempt` is 1-based; `final` says no retry follows, so a transient failure is
 * recorded as the final one.
 */
export async function deliverPostscriptEvent(
  input: { deliveryId: string; attempt: number; final: boolean },
  deps: DeliveryDeps = {},
): Promise<DeliveryOutcome> {
  const delivery = await prisma.postscriptDelivery.findUnique({ where: { id: input.deliveryId }, include: { shop: { select: { domain: true } } } });
  if (!delivery) return { outcome: "gone" }; // erased by customers/redact or shop/redact
  if (delivery.status === "sent") return { outcome: "already_sent" };
  const log = logger.child({ shop: delivery.shop.domain, deliveryId: delivery.id, eventType: delivery.eventType, attempt: input.attempt });

  const fail = async (message: string) => {
    await prisma.postscriptDelivery.update({ where: { id: delivery.id }, data: { status: "failed", attempts: input.attempt, lastError: message } });
    log.warn("postscript event failed for good", { reason: message });
    return new FinalDeliveryError(message);
  };
  const retry = async (message: string, cause: unknown) => {
    const rateLimited = cause instanceof PostscriptRateLimitedError;
    if (input.final) throw await fail(`${message} (gave up after ${input.attempt} attempts)`);
    await prisma.postscriptDelivery.update({ where: { id: delivery.id }, data: { attempts: input.attempt, lastError: message } });
    log.info("postscript event will be retried", { reason: message });
    return new RetryableDeliveryError(message, rateLimited);
  };

  const stored = parseStored(delivery.body);
  if (!stored) throw await fail("The stored event could not be read.");
  const credentials = await loadPostscriptCredentials(delivery.shopId).catch(() => null);
  if (!credentials) throw await fail("Not sent: Postscript is not connected (or its key can no longer be read).");
  if (!credentials.enabled && !delivery.isTest) throw await fail("Not sent: the Postscript integration is turned off.");

  let contact: EventContact = { email: stored.email ?? null, phone: stored.phone ?? null };
  let note: string | null = null;
  if (!contact.email && !contact.phone && delivery.customerId) {
    try {
      contact = await (deps.lookupContact ?? lookupContactWithOfflineSession)({ shopDomain: delivery.shop.domain, customerId: delivery.customerId });
    } catch (error) {
      const lookup = error instanceof ContactLookupError ? error : new ContactLookupError("The customer lookup failed.", false);
      if (!lookup.permanent && !input.final) throw await retry(lookup.message, error);
      // Postscript still records an event without a subscriber (the type shows in Flows),
      // so send it rather than lose it, and tell the merchant why no automation ran.
      note = `Sent without the shopper's phone or email: ${lookup.message}`;
    }
  }

  const body = buildEventBody({
    type: stored.type,
    externalId: stored.external_id,
    occurredAt: occurredAtDate(stored.occurred_at),
    properties: stored.properties as EventProperties,
    contact,
  });
  try {
    const client = createPostscriptClient({ ...deps.client, apiKey: credentials.apiKey });
    const { eventIds } = await client.sendEvent(body);
    await prisma.postscriptDelivery.update({
      where: { id: delivery.id },
      data: { status: "sent", sentAt: (deps.now ?? (() => new Date()))(), attempts: input.attempt, lastError: note, body: postscriptBodyColumn.serialize(body) },
    });
    log.info("postscript event sent", { hasPhone: !!body.phone, hasEmail: !!body.email });
    return { outcome: "sent", eventIds, note };
  } catch (error) {
    if (!isPostscriptError(error)) throw await retry(`Unexpected error: ${(error as Error).message}`, error);
    if (error.permanent) throw await fail(error.message);
    throw await retry(error.message, error);
  }
}
