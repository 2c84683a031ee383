/**
 * The one entry point for "something happened that Postscript should hear about"
 * (PS-2, PS-4): checks the shop's connection, then writes the PostscriptDelivery row and
 * its outbox entry in the caller's transaction. Nothing here talks to Postscript or
 * Redis, so the shopper's accept and the upgrade job never wait on either; the worker
 * delivers later with retries.
 *
 * It never throws for a configuration or input problem (those are logged and skipped),
 * so it cannot roll back the caller's transaction for a reason of its own.
 */
import type { Prisma, PrismaClient } from "@prisma/client";
import { addToOutbox, dispatchSoon } from "~/jobs/outbox.server";
import { QUEUES } from "~/jobs/queues.server";
import { logger } from "~/logger.server";
import { buildEventProperties, externalIdFor, formatOccurredAt, type EventFacts } from "./event-builders";
import { parseEnabledEvents, type PostscriptEventType } from "./event-types";

/** The caller's transaction, or the client itself (then the event gets a transaction of its own). */
export type RecordDb = Prisma.TransactionClient | PrismaClient;
type Db = RecordDb;

export interface RecordPostscriptEventInput {
  shopId: string;
  type: PostscriptEventType;
  /** The id of the fact this event describes (acceptance, offer impression): makes external_id. */
  key: string;
  /** Who the event is about; phone/email are looked up at delivery when not given. */
  customer: { id?: string | null; email?: string | null; phone?: string | null };
  /** Order, products, frequencies, discount, next charge date… (see EventFacts). */
  properties: EventFacts;
  /** When it happened (default now); sent as occurred_at, so a delayed event keeps its time. */
  occurredAt?: Date;
  isTest?: boolean;
}

export type RecordResult =
  | { status: "recorded"; deliveryId: string; externalId: string }
  | { status: "skipped"; reason: "not_connected" | "disabled" | "event_off" | "duplicate" | "invalid" };

/** What a delivery row's body holds until it is sent (contact added at delivery). */
export interface StoredEventBody {
  type: string;
  external_id: string;
  occurred_at: string;
  properties: Record<string, unknown>;
  email?: string;
  phone?: string;
}

export function postscriptDedupeKey(deliveryId: string, resend = 0): string {
  return resend === 0 ? `postscript-${deliveryId}` : `postscript-${deliveryId}-r${resend}`;
}

/** Whether the shop wants this event at all (one read; no transaction needed for a "no"). */
async function refusal(db: Db, input: RecordPostscriptEventInput): Promise<RecordResult | null> {
  const connection = await db.postscriptConnection.findUnique({ where: { shopId: input.shopId }, select: { enabled: true, enabledEvents: true } });
  if (!connection) return { status: "skipped", reason: "not_connected" };
  if (input.isTest) return null;
  if (!connection.enabled) return { status: "skipped", reason: "disabled" };
  if (!parseEnabledEvents(connection.enabledEvents).includes(input.type)) return { status: "skipped", reason: "event_off" };
  return null;
}

async function record(db: Db, input: RecordPostscriptEventInput): Promise<RecordResult> {
  const refused = await refusal(db, input);
  if (refused) return refused;

  let body: StoredEventBody;
  try {
    body = {
      type: input.type,
      external_id: externalIdFor(input.type, input.key),
      occurred_at: formatOccurredAt(input.occurredAt ?? new Date()),
      properties: buildEventProperties(input.properties),
    };
  } catch (error) {
    logger.error("postscript event not recorded: invalid input", { shopId: input.shopId, type: input.type, error });
    return { status: "skipped", reason: "invalid" };
  }
  const email = input.customer.email?.trim();
  const phone = input.customer.phone?.trim();
  if (email) body.email = email;
  if (phone) body.phone = phone;

  const existing = await db.postscriptDelivery.findUnique({
    where: { shopId_externalId: { shopId: input.shopId, externalId: body.external_id } },
    select: { id: true },
  });
  if (existing) return { status: "skipped", reason: "duplicate" };

  const customerId = input.customer.id ?? null;
  const delivery = await db.postscriptDelivery.create({
    data: {
      shopId: input.shopId,
      eventType: input.type,
      externalId: body.external_id,
      customerId,
      body: JSON.stringify(body),
      isTest: input.isTest ?? false,
    },
  });
  await addToOutbox(db as Prisma.TransactionClient, {
    shopId: input.shopId,
    topic: QUEUES.postscript,
    dedupeKey: postscriptDedupeKey(delivery.id),
    payload: { deliveryId: delivery.id, shopId: input.shopId },
    customerId,
  });
  return { status: "recorded", deliveryId: delivery.id, externalId: body.external_id };
}

function ownsTransactions(db: Db): db is PrismaClient {
  return "$transaction" in db && typeof (db as PrismaClient).$transaction === "function";
}

/**
 * Records one event. Pass the caller's transaction client to commit it with the fact
 * (then call dispatchPostscriptSoon() after the commit, or let the worker's dispatcher
 * pick it up within a second); pass `prisma` to record and dispatch on its own.
 */
export async function recordPostscriptEvent(db: Db, input: RecordPostscriptEventInput): Promise<RecordResult> {
  if (!ownsTransactions(db)) return record(db, input);
  // Most shops have no Postscript connection: answer them without opening a transaction.
  const refused = await refusal(db, input);
  if (refused) return refused;
  const result = await db.$transaction((tx) => record(tx, input));
  if (result.status === "recorded") dispatchPostscriptSoon();
  return result;
}

/** Moves committed Postscript outbox rows into the queue without making anyone wait. */
export function dispatchPostscriptSoon(): void {
  dispatchSoon({ topic: QUEUES.postscript });
}
