import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { extensionLoader, handleExtensionPost } from "~/post-purchase/server/extension-request.server";
import { serveNextOffer } from "~/post-purchase/server/offer.server";
import { OfferRequestSchema } from "~/post-purchase/server/request-schemas.server";

// The post-purchase extension's ShouldRender and Render ask here which offer to show (RUN-1).
export const action = async ({ request }: ActionFunctionArgs) => handleExtensionPost(request, OfferRequestSchema, serveNextOffer);

// Remix routes the CORS preflight (OPTIONS) to the loader.
export const loader = ({ request }: LoaderFunctionArgs) => extensionLoader(request);
