import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { recordOfferDecision } from "~/post-purchase/server/decision.server";
import { extensionLoader, handleExtensionPost } from "~/post-purchase/server/extension-request.server";
import { DecisionRequestSchema } from "~/post-purchase/server/request-schemas.server";

// Accepted (after applyChangeset processed), declined, or refused by Shopify (RUN-8, RUN-10).
export const action = async ({ request }: ActionFunctionArgs) => handleExtensionPost(request, DecisionRequestSchema, recordOfferDecision);

// Remix routes the CORS preflight (OPTIONS) to the loader.
export const loader = ({ request }: LoaderFunctionArgs) => extensionLoader(request);
