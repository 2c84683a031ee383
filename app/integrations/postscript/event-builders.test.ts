import { describe, expect, it } from "vitest";
import { validateEvent } from "../../../tests/simulators/postscript/validate";
import { buildEventBody, buildEventProperties, externalIdFor, formatOccurredAt, type EventFacts } from "./event-builders";
import { EVENT_TYPE_PATTERN, POSTSCRIPT_EVENT_TYPES, POSTSCRIPT_EVENTS, parseEnabledEvents } from "./event-types";
import { SAMPLE_FACTS } from "./sample-events";

const monthly = { unit: "month", deliveryCount: 1, billingCount: 1 } as const;
const every2 = { unit: "month", deliveryCount: 2, billingCount: 2 } as const;
const prepaid6 = { unit: "month", deliveryCount: 1, billingCount: 6 } as const;

describe("Postscript event types (PS-2)", () => {
  it("PS-2: names the five events with letters, digits and underscores only", () => {
    expect(POSTSCRIPT_EVENT_TYPES).toEqual([
      "uplift_upgrade_offered",
      "uplift_upgrade_accepted",
      "uplift_subscription_upgraded",
      "uplift_upgrade_failed",
      "uplift_upsell_subscription_accepted",
    ]);
    for (const type of POSTSCRIPT_EVENT_TYPES) expect(type).toMatch(EVENT_TYPE_PATTERN);
    expect(POSTSCRIPT_EVENTS.map((e) => e.type)).toEqual([...POSTSCRIPT_EVENT_TYPES]);
  });

  it.each([
    ['["uplift_upgrade_failed","uplift_upgrade_offered"]', ["uplift_upgrade_offered", "uplift_upgrade_failed"]],
    ['["uplift_upgrade_offered","not_ours"]', ["uplift_upgrade_offered"]],
    ["{}", []],
    ["not json", []],
    [null, []],
  ])("PS-1: reads the stored enabled events %s as %j", (json, expected) => {
    expect(parseEnabledEvents(json)).toEqual(expected);
  });
});

describe("event properties (PS-2)", () => {
  const cases: Array<[string, EventFacts, Record<string, unknown>]> = [
    [
      "an accepted frequency upgrade with a percentage discount",
      {
        orderId: "gid://shopify/Order/5001",
        orderNumber: "#1001",
        productTitles: ["Morning Roast"],
        triggerProductTitle: "Morning Roast",
        upgradeType: "frequency",
        oldInterval: monthly,
        newInterval: every2,
        discount: { type: "percentage", basisPoints: 1500 },
        amount: { amountMinor: 1800, currency: "USD" },
      },
      {
        order_id: "5001",
        order_number: "#1001",
        product_title: "Morning Roast",
        product_titles: ["Morning Roast"],
        trigger_product_title: "Morning Roast",
        upgrade_type: "frequency",
        old_frequency: "every month",
        new_frequency: "every 2 months",
        new_interval_unit: "month",
        new_delivery_interval_count: 2,
        new_billing_interval_count: 2,
        discount: "15% off",
        discount_type: "percentage",
        discount_value: 15,
        amount: "18.00",
        currency: "USD",
      },
    ],
    [
      "a prepaid upgrade with a fixed discount and the next charge date",
      {
        orderId: "5001",
        newInterval: prepaid6,
        discount: { type: "fixed_amount", amountMinor: 500, currency: "USD" },
        nextChargeDate: "2026-12-21",
        provider: "recharge",
      },
      {
        order_id: "5001",
        new_frequency: "delivered every month, billed every 6 months",
        new_interval_unit: "month",
        new_delivery_interval_count: 1,
        new_billing_interval_count: 6,
        discount: "5.00 USD off",
        discount_type: "fixed_amount",
        discount_value: 5,
        next_charge_date: "2026-12-21",
        provider: "recharge",
      },
    ],
    [
      "a final failure",
      { orderId: "5001", failureReason: "No matching subscription", attempts: 3 },
      { order_id: "5001", failure_reason: "No matching subscription", attempts: 3 },
    ],
    [
      "an upsell subscription in yen with two products",
      { productTitles: ["Decaf Blend", "Mug"], sellingPlanName: "Delivered monthly", amount: { amountMinor: 1000, currency: "JPY" } },
      { product_title: "Decaf Blend, Mug", product_titles: ["Decaf Blend", "Mug"], selling_plan: "Delivered monthly", amount: "1000", currency: "JPY" },
    ],
    ["a test event", { isTest: true }, { is_test: true }],
    ["nothing known", {}, {}],
  ];

  it.each(cases)("PS-2: flattens %s", (_name, facts, expected) => {
    expect(buildEventProperties(facts)).toEqual(expected);
  });

  it("PS-2: never puts contact details or names in properties, and keeps Postscript's key rules", () => {
    for (const facts of Object.values(SAMPLE_FACTS)) {
      const properties = buildEventProperties(facts);
      const keys = Object.keys(properties);
      expect(keys.length).toBeLessThanOrEqual(100);
      for (const key of keys) {
        expect(key).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(key).not.toMatch(/email|phone|address|^name$/);
      }
      for (const value of Object.values(properties)) expect(typeof value === "object" ? Array.isArray(value) : true).toBe(true);
    }
  });

  it("PS-2: clips long text and refuses unknown facts", () => {
    const long = buildEventProperties({ failureReason: "x".repeat(1000) });
    expect(String(long.failure_reason).length).toBe(255);
    expect(() => buildEventProperties({ email: "a@b.c" } as unknown as EventFacts)).toThrow();
  });
});

describe("event body and external id (PS-2)", () => {
  it.each([
    ["uplift_upgrade_accepted", "cm0abc123", "uplift_upgrade_accepted-cm0abc123"],
    ["uplift_subscription_upgraded", "cm0abc123", "uplift_subscription_upgraded-cm0abc123"],
  ] as const)("PS-2: %s for fact %s has the deterministic external_id %s", (type, key, expected) => {
    expect(externalIdFor(type, key)).toBe(expected);
    expect(externalIdFor(type, key)).toBe(externalIdFor(type, key));
  });

  it.each(["", "a:b", "has space", "x".repeat(201)])("PS-2: refuses the event key %j", (key) => {
    expect(() => externalIdFor("uplift_upgrade_accepted", key)).toThrow();
  });

  it.each([
    ["2025-06-20T00:00:00.000Z", "2025-06-20 00:00:00.000000"],
    ["2026-12-21T13:04:05.678Z", "2026-12-21 13:04:05.678000"],
  ])("PS-2: formats occurred_at %s as %s (UTC %%Y-%%m-%%d %%H:%%M:%%S.%%f)", (iso, expected) => {
    expect(formatOccurredAt(new Date(iso))).toBe(expected);
  });

  it.each([
    [{ email: "ada@example.com", phone: "+15555550101" }, { email: "ada@example.com", phone: "+15555550101" }],
    [{ email: " ada@example.com ", phone: null }, { email: "ada@example.com" }],
    [{ email: "", phone: "" }, {}],
    [undefined, {}],
  ])("PS-2: carries the contact %j as documented top-level fields only", (contact, expected) => {
    const body = buildEventBody({
      type: "uplift_upgrade_accepted",
      externalId: "uplift_upgrade_accepted-a1",
      occurredAt: new Date("2026-01-01T00:00:00Z"),
      properties: { order_id: "5001" },
      contact,
    });
    expect(body).toEqual({
      type: "uplift_upgrade_accepted",
      external_id: "uplift_upgrade_accepted-a1",
      occurred_at: "2026-01-01 00:00:00.000000",
      properties: { order_id: "5001" },
      ...expected,
    });
    // The simulator's copy of Postscript's rules accepts it.
    expect(validateEvent(body).ok).toBe(true);
  });

  it("PS-2: refuses a type outside the documented alphabet", () => {
    expect(() =>
      buildEventBody({ type: "uplift:accepted", externalId: "x", occurredAt: new Date(), properties: {} }),
    ).toThrow(/Invalid Postscript event type/);
  });
});
