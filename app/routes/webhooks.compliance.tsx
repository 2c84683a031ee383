import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { recordCustomerDataRequest, redactCustomer, redactShop } from "~/shops/privacy.server";
import { parseWebhookPayload } from "~/lib/webhook-payload.server";

const customerPayload = z.object({
  customer: z.object({ id: z.union([z.number(), z.string()]).transform(String) }),
});
const dataRequestPayload = customerPayload.extend({
  data_request: z.object({ id: z.union([z.number(), z.string()]).transform(String) }),
});

// The three mandatory compliance topics share one endpoint (shopify.app.toml).
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload } = await authenticate.webhook(request);
  switch (topic) {
    case "SHOP_REDACT":
      await redactShop(shop);
      break;
    case "CUSTOMERS_REDACT": {
      const { customer } = parseWebhookPayload(customerPayload, payload, topic);
      await redactCustomer(shop, customer.id);
      break;
    }
    case "CUSTOMERS_DATA_REQUEST": {
      const { customer, data_request } = parseWebhookPayload(dataRequestPayload, payload, topic);
      await recordCustomerDataRequest(shop, customer.id, data_request.id);
      break;
    }
    default:
      return new Response(`Unexpected topic ${topic} on the compliance endpoint`, { status: 400 });
  }
  return new Response();
};
