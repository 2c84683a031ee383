/** zod schemas of the post-purchase request bodies (OPS-3); the types live in post-purchase-api.ts. */
import { z } from "zod";
import type { DecisionRequestBody, OfferRequestBody, SignRequestBody } from "../contract/api";

const id = z.string().min(1).max(200);
const ids = z.array(id).max(50);

export const OfferRequestSchema = z.object({
  locale: z.string().max(35).optional(),
  history: z.object({ declinedOfferIds: ids.optional(), failedOfferIds: ids.optional() }).optional(),
}) satisfies z.ZodType<OfferRequestBody>;

export const SignRequestSchema = z.object({
  referenceId: id,
  offerId: id,
  choice: z.object({
    option: z.enum(["one_time", "subscription"]),
    sellingPlanId: z.union([z.string().max(200), z.number().int()]).nullable().optional(),
  }),
  consent: z.boolean().optional(),
  locale: z.string().max(35).optional(),
}) satisfies z.ZodType<SignRequestBody>;

export const DecisionRequestSchema = z.discriminatedUnion("decision", [
  z.object({ referenceId: id, offerId: id, decision: z.literal("accepted"), token: z.string().min(1).max(20_000), outcome: z.string().max(100).optional() }),
  z.object({ referenceId: id, offerId: id, decision: z.enum(["declined", "failed"]), outcome: z.string().max(100).optional() }),
]) satisfies z.ZodType<DecisionRequestBody>;
