/**
 * The shopper's email and phone for an event, read from the Admin API at delivery time
 * (the post-purchase token carries only the customer id, and the shopper's page must
 * never wait for this). `Customer.email` / `phone` are deprecated in 2026-10; the
 * default email address / phone number objects replace them. Needs the read_customers
 * scope and protected customer data access (level 2: email, phone).
 */
import { GraphqlQueryError, HttpRequestError, HttpResponseError } from "@shopify/shopify-api";
import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import { z } from "zod";
import { tryToGid } from "~/domain/ids";
import type { EventContact } from "./event-builders";

export const CUSTOMER_CONTACT_QUERY = `#graphql
  query PostscriptCustomerContact($id: ID!) {
    customer(id: $id) {
      defaultEmailAddress {
        emailAddress
      }
      defaultPhoneNumber {
        phoneNumber
      }
    }
  }`;

const ContactResponseSchema = z.object({
  data: z.object({
    customer: z
      .object({
        defaultEmailAddress: z.object({ emailAddress: z.string().nullish() }).nullish(),
        defaultPhoneNumber: z.object({ phoneNumber: z.string().nullish() }).nullish(),
      })
      .nullish(),
  }),
});

/** Why the contact could not be read; `permanent` decides between "retry" and "send without it". */
export class ContactLookupError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = "ContactLookupError";
  }
}

/** The slice of the Remix admin client this needs (injectable in tests). */
export interface AdminGraphql {
  graphql(query: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
}

export type ContactLookup = (input: { shopDomain: string; customerId: string }) => Promise<EventContact>;

function classify(error: unknown): ContactLookupError {
  if (error instanceof ContactLookupError) return error;
  if (error instanceof GraphqlQueryError) {
    const codes = ((error.body as { errors?: { graphQLErrors?: Array<{ extensions?: { code?: string } }> } })?.errors?.graphQLErrors ?? []).map(
      (e) => e.extensions?.code,
    );
    if (codes.includes("THROTTLED")) return new ContactLookupError("Shopify throttled the customer lookup.", false);
    const denied = codes.includes("ACCESS_DENIED");
    return new ContactLookupError(
      denied
        ? "Uplift may not read this customer's email and phone (the read_customers scope or protected customer data access is missing)."
        : `Shopify refused the customer lookup: ${error.message.slice(0, 200)}`,
      true,
    );
  }
  if (error instanceof HttpResponseError) {
    const status = error.response.code;
    return new ContactLookupError(`Shopify answered the customer lookup with HTTP ${status}.`, status !== 429 && status < 500);
  }
  if (error instanceof HttpRequestError) return new ContactLookupError("Uplift could not reach Shopify to look up the customer.", false);
  if (error instanceof SessionNotFoundError) {
    return new ContactLookupError("The shop has no Shopify session (is the app uninstalled?).", true);
  }
  return new ContactLookupError(`The customer lookup failed: ${error instanceof Error ? error.name : "unknown error"}.`, false);
}

/** Reads email and phone with an admin client; null customer (deleted) → empty contact. */
export async function readCustomerContact(admin: AdminGraphql, customerId: string): Promise<EventContact> {
  const id = tryToGid("Customer", customerId);
  if (!id) throw new ContactLookupError(`"${customerId}" is not a Shopify customer id.`, true);
  let json: unknown;
  try {
    const response = await admin.graphql(CUSTOMER_CONTACT_QUERY, { variables: { id } });
    json = await response.json();
  } catch (error) {
    throw classify(error);
  }
  const parsed = ContactResponseSchema.safeParse(json);
  if (!parsed.success) throw new ContactLookupError("Shopify answered the customer lookup in an unexpected shape.", true);
  const customer = parsed.data.data.customer;
  return {
    email: customer?.defaultEmailAddress?.emailAddress ?? null,
    phone: customer?.defaultPhoneNumber?.phoneNumber ?? null,
  };
}

/** Production lookup: the shop's offline session through unauthenticated.admin. */
export const lookupContactWithOfflineSession: ContactLookup = async ({ shopDomain, customerId }) => {
  // Imported lazily: shopify.server validates the whole environment at import.
  const { unauthenticated } = await import("~/shopify.server");
  let admin: AdminGraphql;
  try {
    ({ admin } = await unauthenticated.admin(shopDomain));
  } catch (error) {
    throw classify(error);
  }
  return readCustomerContact(admin, customerId);
};
