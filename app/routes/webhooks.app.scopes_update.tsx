import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { updateSessionScopes } from "~/shops/session.server";
import { parseWebhookPayload } from "~/lib/webhook-payload.server";

const payloadSchema = z.object({ current: z.array(z.string()) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, session, payload } = await authenticate.webhook(request);
  const { current } = parseWebhookPayload(payloadSchema, payload, "app/scopes_update");
  if (session) await updateSessionScopes(shop, current);
  return new Response();
};
