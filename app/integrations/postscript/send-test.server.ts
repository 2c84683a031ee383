/**
 * "Send test" (PS-3): sends one sample event of a type right away, so Postscript records
 * the event definition and offers it as a Flow trigger at once (it only learns a type
 * from a first event, providers.md §4). The merchant sees the result on the page.
 *
 * Sent directly, not through the queue: the merchant is waiting for the answer, and a
 * failed test is simply pressed again. Every test is kept as a delivery row (isTest).
 */
import { randomUUID } from "node:crypto";
import type { Shop } from "@prisma/client";
import prisma from "~/db.server";
import { logger } from "~/logger.server";
import { createPostscriptClient } from "./client.server";
import { loadPostscriptCredentials, type ClientDeps } from "./connection.server";
import { isPostscriptError } from "./errors";
import { buildEventBody, buildEventProperties, externalIdFor } from "./event-builders";
import { postscriptBodyColumn } from "./record-event.server";
import { SAMPLE_FACTS } from "./sample-events";
import type { PostscriptEventType } from "./event-types";

export interface SendTestResult {
  type: PostscriptEventType;
  ok: boolean;
  message: string;
  eventIds: string[];
  sentAt: string;
}

export async function sendTestEvent(input: {
  shop: Pick<Shop, "id" | "domain">;
  type: PostscriptEventType;
  deps?: ClientDeps;
  now?: Date;
}): Promise<SendTestResult> {
  const now = input.now ?? new Date();
  const result = (ok: boolean, message: string, eventIds: string[] = []): SendTestResult => ({
    type: input.type,
    ok,
    message,
    eventIds,
    sentAt: now.toISOString(),
  });
  const credentials = await loadPostscriptCredentials(input.shop.id).catch(() => null);
  if (!credentials) return result(false, "Connect Postscript first: save your keyword and private API key.");

  // A fresh id per press: each test is its own event, unlike real events.
  const externalId = externalIdFor(input.type, `test-${now.getTime()}-${randomUUID().slice(0, 8)}`);
  const body = buildEventBody({
    type: input.type,
    externalId,
    occurredAt: now,
    properties: buildEventProperties({ ...SAMPLE_FACTS[input.type], isTest: true }),
  });

  let outcome: SendTestResult;
  try {
    const { eventIds } = await createPostscriptClient({ ...input.deps, apiKey: credentials.apiKey }).sendEvent(body);
    outcome = result(
      true,
      `Postscript accepted the test event. "${input.type}" is now available as a trigger in Postscript › Flows (shown with your shop's name in front). Test events carry no subscriber, so no text is sent.`,
      eventIds,
    );
  } catch (error) {
    if (!isPostscriptError(error)) throw error;
    outcome = result(false, error.message);
  }
  await prisma.postscriptDelivery.create({
    data: {
      shopId: input.shop.id,
      eventType: input.type,
      externalId,
      body: postscriptBodyColumn.serialize(body),
      status: outcome.ok ? "sent" : "failed",
      attempts: 1,
      lastError: outcome.ok ? null : outcome.message,
      sentAt: outcome.ok ? now : null,
      isTest: true,
    },
  });
  logger.info("postscript test event", { shop: input.shop.domain, type: input.type, ok: outcome.ok });
  return outcome;
}
