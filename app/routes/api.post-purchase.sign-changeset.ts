import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { extensionLoader, handleExtensionPost } from "~/post-purchase/server/extension-request.server";
import { SignRequestSchema } from "~/post-purchase/server/request-schemas.server";
import { signOfferChangeset } from "~/post-purchase/server/sign-changeset.server";

// Signs the changeset for an offer the shopper accepts; the changes come from the stored offer only (RUN-9).
export const action = async ({ request }: ActionFunctionArgs) => handleExtensionPost(request, SignRequestSchema, signOfferChangeset);

// Remix routes the CORS preflight (OPTIONS) to the loader.
export const loader = ({ request }: LoaderFunctionArgs) => extensionLoader(request);
