/**
 * /__sim/* control endpoints for tests and the demo: reset, state, orders, webhook
 * delivery control. Not part of any Shopify API.
 */
import { z } from "zod";
import { HttpError } from "./http";
import { orderJson, type SimulatorState } from "./state";
import { buildLine } from "./seed";
import { DEFAULT_APPLICATIONS_PER_CHECKOUT, findOrder, referenceIdFor } from "./store";

const webhooksBody = z.object({
  mode: z.enum(["deliver", "hold", "drop"]).optional(),
  target: z.object({ url: z.string().url(), secret: z.string().min(1), apiVersion: z.string().optional() }).nullable().optional(),
});

const createOrderBody = z.object({
  shop: z.string().optional(),
  customerId: z.number().int().positive(),
  lines: z.array(z.object({
    variantId: z.number().int().positive(),
    quantity: z.number().int().positive(),
    sellingPlanId: z.number().int().positive().optional(),
  })).min(1),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new HttpError(400, result.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  return result.data;
}

export function getOrder(state: SimulatorState, id: string, shopHint: string | undefined) {
  const shop = state.shop(shopHint);
  const order = /^\d+$/.test(id) ? findOrder(shop, Number(id)) : undefined;
  if (!order) throw new HttpError(404, `Order ${id} not found in ${shop.domain}`);
  return orderJson(shop, order);
}

/** A fresh order placed now, so a test or demo run gets its own post-purchase window. */
export function createOrder(state: SimulatorState, body: unknown, shopHint: string | undefined) {
  const input = parse(createOrderBody, body);
  const shop = state.shop(input.shop ?? shopHint);
  if (!shop.customers.some((c) => c.id === input.customerId)) throw new HttpError(400, `Unknown customer ${input.customerId}`);
  const id = shop.nextId();
  const now = new Date();
  let lines;
  try {
    lines = input.lines.map((l) => buildLine(shop.products, shop.nextId(), l.variantId, l.quantity, l.sellingPlanId));
  } catch (error) {
    throw new HttpError(400, (error as Error).message);
  }
  const number = 1000 + shop.orders.length + 1;
  const order = {
    id, name: `#${number}`, number, referenceId: referenceIdFor(shop.domain, id), customerId: input.customerId,
    createdAt: now, updatedAt: now, lines, shippingLines: [], edited: false, metafields: [],
    changesetApplicationsRemaining: DEFAULT_APPLICATIONS_PER_CHECKOUT,
  };
  shop.orders.push(order);
  return orderJson(shop, order);
}

const faultsBody = z.object({
  shop: z.string().optional(),
  checkoutTokenUnrelated: z.boolean().optional(),
  throttleNextAdminCalls: z.number().int().min(0).max(1000).optional(),
});

/** POST /__sim/faults: switches a shop's unverified guesses and rare answers (ShopFaults). */
export function configureFaults(state: SimulatorState, body: unknown, shopHint: string | undefined) {
  const input = parse(faultsBody, body);
  const shop = state.shop(input.shop ?? shopHint);
  if (input.checkoutTokenUnrelated !== undefined) shop.faults.checkoutTokenUnrelated = input.checkoutTokenUnrelated;
  if (input.throttleNextAdminCalls !== undefined) shop.faults.throttleNextAdminCalls = input.throttleNextAdminCalls;
  return { shop: shop.domain, faults: { ...shop.faults } };
}

export function configureWebhooks(state: SimulatorState, body: unknown) {
  const input = parse(webhooksBody, body);
  if (input.mode) state.webhooks.setMode(input.mode);
  if (input.target !== undefined) state.webhooks.setTarget(input.target);
  const target = state.webhooks.target();
  return { mode: state.webhooks.mode(), target: target ? { url: target.url } : null };
}

export async function flushWebhooks(state: SimulatorState) {
  const flushed = await state.webhooks.flush();
  return {
    flushed: flushed.length,
    delivered: flushed.filter((d) => d.status === "delivered").length,
    failed: flushed.filter((d) => d.status === "failed").length,
    held: flushed.filter((d) => d.status === "held").length,
  };
}
