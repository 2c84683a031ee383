/**
 * CONN-3: the scopes each provider's token needs, and the help text the settings page
 * shows next to "Test API key". Pure data, safe for the browser bundle.
 */
import type { ProviderName } from "./types";

export const PROVIDER_LABELS: Record<ProviderName, string> = {
  recharge: "Recharge",
  skio: "Skio",
  loop: "Loop",
};

/**
 * Recharge: CONN-3 asks for orders, products, subscriptions and plans. Recharge has no
 * separate plans scope: /plans sits under the products scope (UNCONFIRMED, see ADR 0005).
 * Beyond CONN-3, what the calls truly need: read/write_discounts (POST /discounts) and
 * read/write_customers — a discount is applied to the shopper's address, and addresses
 * (like GET /customers/{id}, used to confirm the store) sit under the customers scope in
 * recharge-api-python's v2 resources (R3). Without them a discounted upgrade would only
 * fail after the shopper paid.
 *
 * Skio: no scope names are documented and no introspection exists; these are the
 * dashboard permissions CONN-3 names, reported as "could not be checked".
 *
 * Loop: the token screen has per-area Read / Read & write; the names below are ours
 * (Loop's scope introspection is UNCONFIRMED, see ADR 0005).
 */
export const REQUIRED_SCOPES: Record<ProviderName, readonly string[]> = {
  recharge: [
    "read_orders",
    "write_orders",
    "read_products",
    "write_products",
    "read_subscriptions",
    "write_subscriptions",
    "read_discounts",
    "write_discounts",
    "read_customers",
    "write_customers",
  ],
  skio: ["edit_subscription", "delete_subscription", "create_subscription"],
  loop: [
    "read_subscription_contracts",
    "write_subscription_contracts",
    "read_orders",
    "write_orders",
    "read_selling_plans",
    "write_selling_plans",
  ],
};

export const SCOPE_LABELS: Record<string, string> = {
  read_orders: "Orders: read",
  write_orders: "Orders: write",
  read_products: "Products (and plans): read",
  write_products: "Products (and plans): write",
  read_subscriptions: "Subscriptions: read",
  write_subscriptions: "Subscriptions: write",
  read_discounts: "Discounts: read",
  write_discounts: "Discounts: write",
  read_customers: "Customers (and addresses): read",
  write_customers: "Customers (and addresses): write",
  store_info: "Store information",
  edit_subscription: "Edit subscription",
  delete_subscription: "Delete subscription",
  create_subscription: "Create subscription",
  read_subscription_contracts: "Subscription contracts: read",
  write_subscription_contracts: "Subscription contracts: write",
  read_selling_plans: "Selling plans: read",
  write_selling_plans: "Selling plans: write",
};

export function scopeLabel(scope: string): string {
  return SCOPE_LABELS[scope] ? `${SCOPE_LABELS[scope]} (${scope})` : scope;
}

export interface ProviderHelp {
  /** Where the merchant creates the token. */
  where: string;
  /** Steps, in order. */
  steps: string[];
  /** The scopes to grant, with their labels. */
  scopes: Array<{ name: string; label: string }>;
  /** Anything the test cannot check for this provider. */
  note?: string;
}

const scopeList = (provider: ProviderName) =>
  REQUIRED_SCOPES[provider].map((name) => ({ name, label: SCOPE_LABELS[name] ?? name }));

export const PROVIDER_HELP: Record<ProviderName, ProviderHelp> = {
  recharge: {
    where: "Recharge admin → Apps & integrations → API tokens",
    steps: [
      "In Recharge, open Apps & integrations, then API tokens, and create an Admin API token.",
      "Give it read and write access to Orders, Products, Subscriptions, Discounts and Customers (a discounted upgrade is applied to the shopper's address, which Recharge files under Customers).",
      "Copy the token (Recharge shows it once), paste it here and press Test API key.",
    ],
    scopes: scopeList("recharge"),
  },
  skio: {
    where: "Skio dashboard → API",
    steps: [
      "In the Skio dashboard, open API and create a token for this store.",
      "Allow it to edit, delete and create subscriptions.",
      "Copy the token (Skio shows it once), paste it here and press Test API key.",
    ],
    scopes: scopeList("skio"),
    note: "Skio does not tell apps which permissions a token has, so the test checks that the token works and belongs to this store, but cannot check its permissions.",
  },
  loop: {
    where: "Loop admin → Settings → API Tokens",
    steps: [
      "In Loop, open Settings, then API Tokens, and create a token.",
      "Set Subscription contracts, Orders and Selling plans to Read & write.",
      "Copy the token, paste it here and press Test API key.",
    ],
    scopes: scopeList("loop"),
  },
};
