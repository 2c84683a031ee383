import type { ActionFunctionArgs } from "@remix-run/node";
import { errorResponse } from "~/runtime/api-error.server";
import { recordOfferDecision } from "~/runtime/decision.server";
import { handleExtensionPost } from "~/runtime/extension-request.server";
import { DecisionRequestSchema } from "~/runtime/request-schemas.server";

// Accepted (after applyChangeset processed), declined, or refused by Shopify (RUN-8, RUN-10).
export const action = async ({ request }: ActionFunctionArgs) => handleExtensionPost(request, DecisionRequestSchema, recordOfferDecision);

export const loader = () => errorResponse(405, "method_not_allowed", "Use POST");
