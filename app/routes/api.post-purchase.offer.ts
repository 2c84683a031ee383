import type { ActionFunctionArgs } from "@remix-run/node";
import { errorResponse } from "~/runtime/api-error.server";
import { handleExtensionPost } from "~/runtime/extension-request.server";
import { serveNextOffer } from "~/runtime/offer.server";
import { OfferRequestSchema } from "~/runtime/request-schemas.server";

// The post-purchase extension's ShouldRender and Render ask here which offer to show (RUN-1).
export const action = async ({ request }: ActionFunctionArgs) => handleExtensionPost(request, OfferRequestSchema, serveNextOffer);

export const loader = () => errorResponse(405, "method_not_allowed", "Use POST");
