/**
 * The demo store every simulator agrees on: one Shopify catalog, its customers and
 * orders, and (in the provider simulators) the subscriptions those orders created.
 * Ids are Shopify legacy ids; GIDs are derived with gid().
 */
export const DEMO_SHOP = "demo-shop.myshopify.com";
export const DEMO_CURRENCY = "USD";

export const gid = (type: string, id: number | string) => `gid://shopify/${type}/${id}`;

export interface CatalogSellingPlan {
  id: number;
  name: string;
  /** "DAY" | "WEEK" | "MONTH" */
  interval: "DAY" | "WEEK" | "MONTH";
  deliveryIntervalCount: number;
  billingIntervalCount: number;
  /** Percentage off the variant price for this plan (0 for none). */
  percentOff: number;
  /**
   * Shopify's pricing policies, when a test needs more than a percentage: they replace
   * `percentOff`. `afterCycle` marks the recurring policy (from cycle afterCycle + 1).
   */
  pricingPolicies?: CatalogPricingPolicy[];
}
export interface CatalogPricingPolicy {
  type: "PERCENTAGE" | "FIXED_AMOUNT" | "PRICE";
  /** A percentage, or a decimal amount in the shop currency. */
  value: number;
  afterCycle?: number;
}
export interface CatalogVariant {
  id: number;
  title: string;
  sku: string;
  /** Decimal string in the shop currency, as Shopify's Money scalar. */
  price: string;
  requiresComponents?: boolean;
  inventoryQuantity: number;
}
export interface CatalogProduct {
  id: number;
  title: string;
  handle: string;
  status: "ACTIVE" | "DRAFT" | "ARCHIVED";
  imageUrl: string;
  requiresSellingPlan: boolean;
  /** Published to the Online Store. */
  published: boolean;
  variants: CatalogVariant[];
  sellingPlanGroup?: { id: number; name: string; plans: CatalogSellingPlan[] };
}

const img = (name: string) => `/demo-images/${name}.svg`;

export const PRODUCTS: CatalogProduct[] = [
  {
    id: 1001, title: "Morning Roast Coffee", handle: "morning-roast", status: "ACTIVE", imageUrl: img("coffee"),
    requiresSellingPlan: false, published: true,
    variants: [
      { id: 2001, title: "12 oz", sku: "MR-12", price: "20.00", inventoryQuantity: 500 },
      { id: 2002, title: "2 lb", sku: "MR-32", price: "36.00", inventoryQuantity: 200 },
    ],
    sellingPlanGroup: {
      id: 601, name: "Subscribe & save",
      plans: [
        { id: 3001, name: "Delivered monthly", interval: "MONTH", deliveryIntervalCount: 1, billingIntervalCount: 1, percentOff: 10 },
        { id: 3002, name: "Delivered every 2 months", interval: "MONTH", deliveryIntervalCount: 2, billingIntervalCount: 2, percentOff: 10 },
        { id: 3003, name: "Prepaid 6 months, delivered monthly", interval: "MONTH", deliveryIntervalCount: 1, billingIntervalCount: 6, percentOff: 15 },
      ],
    },
  },
  {
    id: 1002, title: "Coffee Club Box", handle: "coffee-club-box", status: "ACTIVE", imageUrl: img("box"),
    requiresSellingPlan: true, published: true,
    variants: [{ id: 2003, title: "Default Title", sku: "CLUB", price: "45.00", inventoryQuantity: 100 }],
    sellingPlanGroup: {
      id: 602, name: "Club membership",
      plans: [{ id: 3004, name: "Monthly box", interval: "MONTH", deliveryIntervalCount: 1, billingIntervalCount: 1, percentOff: 0 }],
    },
  },
  {
    id: 1003, title: "Barista Bundle", handle: "barista-bundle", status: "ACTIVE", imageUrl: img("bundle"),
    requiresSellingPlan: false, published: true,
    variants: [{ id: 2004, title: "Default Title", sku: "BUNDLE", price: "80.00", requiresComponents: true, inventoryQuantity: 50 }],
  },
  {
    id: 1004, title: "Ceramic Mug", handle: "ceramic-mug", status: "ACTIVE", imageUrl: img("mug"),
    requiresSellingPlan: false, published: true,
    variants: [{ id: 2005, title: "Default Title", sku: "MUG", price: "18.00", inventoryQuantity: 300 }],
  },
  {
    id: 1005, title: "Milk Frother", handle: "milk-frother", status: "ACTIVE", imageUrl: img("frother"),
    requiresSellingPlan: false, published: true,
    variants: [{ id: 2006, title: "Default Title", sku: "FROTH", price: "30.00", inventoryQuantity: 80 }],
  },
  {
    id: 1006, title: "Upgrade: Double Bag", handle: "upgrade-double-bag", status: "ACTIVE", imageUrl: img("double"),
    requiresSellingPlan: false, published: false,
    variants: [{ id: 2007, title: "Default Title", sku: "UP-DOUBLE", price: "15.00", inventoryQuantity: 1000 }],
  },
  {
    id: 1007, title: "Burr Grinder (draft)", handle: "burr-grinder", status: "DRAFT", imageUrl: img("grinder"),
    requiresSellingPlan: false, published: false,
    variants: [{ id: 2008, title: "Default Title", sku: "GRIND", price: "99.00", inventoryQuantity: 10 }],
  },
  {
    id: 1008, title: "Decaf Roast", handle: "decaf-roast", status: "ACTIVE", imageUrl: img("decaf"),
    requiresSellingPlan: false, published: true,
    variants: [{ id: 2009, title: "12 oz", sku: "DC-12", price: "22.00", inventoryQuantity: 300 }],
    sellingPlanGroup: {
      id: 603, name: "Decaf subscription",
      plans: [
        { id: 3005, name: "Delivered monthly", interval: "MONTH", deliveryIntervalCount: 1, billingIntervalCount: 1, percentOff: 10 },
        { id: 3006, name: "Delivered every 2 months", interval: "MONTH", deliveryIntervalCount: 2, billingIntervalCount: 2, percentOff: 10 },
      ],
    },
  },
  // SPEC UPS-4's worked example: a $25/month plan with no plan discount, so a 20 % offer
  // discount on a $30 one-time order gives accept $20.00 and recurring $25.00.
  {
    id: 1009, title: "Cold Brew Concentrate", handle: "cold-brew-concentrate", status: "ACTIVE", imageUrl: img("cold-brew"),
    requiresSellingPlan: false, published: true,
    variants: [{ id: 2010, title: "32 oz", sku: "CB-32", price: "25.00", inventoryQuantity: 400 }],
    sellingPlanGroup: {
      id: 604, name: "Cold brew subscription",
      plans: [{ id: 3007, name: "Delivered monthly", interval: "MONTH", deliveryIntervalCount: 1, billingIntervalCount: 1, percentOff: 0 }],
    },
  },
];

export interface CatalogCustomer { id: number; firstName: string; lastName: string; email: string; phone: string }
export const CUSTOMERS: CatalogCustomer[] = [
  { id: 4001, firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", phone: "+15555550101" },
  { id: 4002, firstName: "Grace", lastName: "Hopper", email: "grace@example.com", phone: "+15555550102" },
];

export interface CatalogOrderLine { variantId: number; quantity: number; sellingPlanId?: number }
export interface CatalogOrder { id: number; name: string; customerId: number; lines: CatalogOrderLine[] }
/** Orders that reach the post-purchase page in the demo and the e2e tests. */
export const ORDERS: CatalogOrder[] = [
  // A subscription of Morning Roast (monthly) plus a one-time mug: upgrade offers apply.
  { id: 5001, name: "#1001", customerId: 4001, lines: [{ variantId: 2001, quantity: 1, sellingPlanId: 3001 }, { variantId: 2005, quantity: 1 }] },
  // One-time only: subscription upsells apply, upgrades do not (RUN-3).
  { id: 5002, name: "#1002", customerId: 4002, lines: [{ variantId: 2005, quantity: 1 }] },
  // Morning Roast bought one-time: no upgrade (RUN-3).
  { id: 5003, name: "#1003", customerId: 4002, lines: [{ variantId: 2001, quantity: 2 }] },
];

/**
 * Subscriptions the provider simulators hold for the demo: the one order 5001 created.
 * Each simulator maps it onto its own ids and shapes.
 */
export const DEMO_SUBSCRIPTIONS = [
  {
    orderId: 5001, customerId: 4001, productId: 1001, variantId: 2001, quantity: 1, price: "18.00",
    intervalUnit: "month" as const, deliveryIntervalCount: 1, billingIntervalCount: 1, sellingPlanId: 3001,
    nextChargeDate: "2026-12-21",
  },
];

export function findVariant(variantId: number): { product: CatalogProduct; variant: CatalogVariant } | undefined {
  for (const product of PRODUCTS) {
    const variant = product.variants.find((v) => v.id === variantId);
    if (variant) return { product, variant };
  }
  return undefined;
}
