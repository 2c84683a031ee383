/** zod schemas of the post-purchase request bodies (OPS-3); the types live in post-purchase-api.ts. */
import { z } from "zod";
import { text } from "~/lib/text";
import type { DecisionRequestBody, ImpressionRequestBody, OfferRequestBody, SignRequestBody } from "../contract/api";

const id = text(200, 1);
const ids = z.array(id).max(50);

export const OfferRequestSchema = z.object({
  locale: text(35).optional(),
  history: z.object({ declinedOfferIds: ids.optional(), failedOfferIds: ids.optional() }).optional(),
  phase: z.literal("should_render").optional(),
}) satisfies z.ZodType<OfferRequestBody>;

export const SignRequestSchema = z.object({
  referenceId: id,
  offerId: id,
  choice: z.object({
    option: z.enum(["one_time", "subscription"]),
    sellingPlanId: z.union([text(200), z.number().int()]).nullable().optional(),
  }),
  consent: z.boolean().optional(),
  locale: z.string().max(35).optional(),
}) satisfies z.ZodType<SignRequestBody>;

export const DecisionRequestSchema = z.discriminatedUnion("decision", [
  z.object({ referenceId: id, offerId: id, decision: z.literal("accepted"), token: text(20_000, 1), outcome: text(100).optional() }),
  z.object({ referenceId: id, offerId: id, decision: z.enum(["declined", "failed"]), outcome: text(100).optional() }),
]) satisfies z.ZodType<DecisionRequestBody>;

export const ImpressionRequestSchema = z.object({ referenceId: id, offerId: id }) satisfies z.ZodType<ImpressionRequestBody>;
