import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { extensionLoader, handleExtensionPost } from "~/post-purchase/server/extension-request.server";
import { recordOfferImpression } from "~/post-purchase/server/impression.server";
import { ImpressionRequestSchema } from "~/post-purchase/server/request-schemas.server";

// Render reports that the offer page shows an offer (ANA-1); the impression is buffered, never awaited (RUN-14).
export const action = async ({ request }: ActionFunctionArgs) => handleExtensionPost(request, ImpressionRequestSchema, recordOfferImpression, 202);

// Remix routes the CORS preflight (OPTIONS) to the loader.
export const loader = ({ request }: LoaderFunctionArgs) => extensionLoader(request);
