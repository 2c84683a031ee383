import type { ActionFunctionArgs } from "@remix-run/node";
import { errorResponse } from "~/runtime/api-error.server";
import { handleExtensionPost } from "~/runtime/extension-request.server";
import { SignRequestSchema } from "~/runtime/request-schemas.server";
import { signOfferChangeset } from "~/runtime/sign-changeset.server";

// Signs the changeset for an offer the shopper accepts; the changes come from the stored offer only (RUN-9).
export const action = async ({ request }: ActionFunctionArgs) => handleExtensionPost(request, SignRequestSchema, signOfferChangeset);

export const loader = () => errorResponse(405, "method_not_allowed", "Use POST");
