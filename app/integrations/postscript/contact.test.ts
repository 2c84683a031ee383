/**
 * The shopper's contact for Postscript events (PS-2): the Admin operation is valid against
 * the published 2026-10 schema without deprecated fields, and its answers map to a contact
 * or to a retry / no-retry error.
 */
import { describe, expect, it } from "vitest";
import { CUSTOMER_CONTACT_QUERY, ContactLookupError, readCustomerContact, type AdminGraphql } from "~/integrations/postscript/contact.server";
import { validateAdminOperation } from "../../../tests/simulators/shopify/admin-schema";

const answering = (body: unknown, seen: unknown[] = []): AdminGraphql => ({
  graphql: async (_query, options) => {
    seen.push(options?.variables);
    return new Response(JSON.stringify(body));
  },
});

describe("customer contact lookup (PS-2)", () => {
  it("PS-2: the operation validates against the 2026-10 Admin schema; the deprecated Customer.email/phone would not", () => {
    expect(validateAdminOperation(CUSTOMER_CONTACT_QUERY)).toEqual([]);
    const deprecated = validateAdminOperation("query Old($id: ID!) { customer(id: $id) { email phone } }").map((e) => e.message);
    expect(deprecated.join("\n")).toMatch(/Customer.email is deprecated/);
  });

  it.each([
    [{ defaultEmailAddress: { emailAddress: "ada@example.com" }, defaultPhoneNumber: { phoneNumber: "+15555550101" } }, { email: "ada@example.com", phone: "+15555550101" }],
    [{ defaultEmailAddress: { emailAddress: "ada@example.com" }, defaultPhoneNumber: null }, { email: "ada@example.com", phone: null }],
    [null, { email: null, phone: null }],
  ])("PS-2: reads %j as %j", async (customer, expected) => {
    const seen: unknown[] = [];
    expect(await readCustomerContact(answering({ data: { customer } }, seen), "4001")).toEqual(expected);
    expect(seen).toEqual([{ id: "gid://shopify/Customer/4001" }]);
  });

  it("PS-2: a malformed id or answer is a permanent lookup error (send without contact, never retry forever)", async () => {
    await expect(readCustomerContact(answering({ data: { customer: null } }), "not-an-id")).rejects.toMatchObject({ permanent: true });
    await expect(readCustomerContact(answering({ nope: true }), "4001")).rejects.toBeInstanceOf(ContactLookupError);
  });

  it("PS-4: a network failure of the lookup is transient (the delivery is retried)", async () => {
    const failing: AdminGraphql = { graphql: async () => Promise.reject(new TypeError("fetch failed")) };
    await expect(readCustomerContact(failing, "4001")).rejects.toMatchObject({ permanent: false });
  });
});
