/**
 * The product pickers' data (JSON): Admin GraphQL search with cursor pagination, every
 * product marked with whether it may be picked here and why not (WIZ-1, WIZ-3). The
 * trigger product is hidden from the wizard's offer step (WIZ-2) through `exclude`.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { requireShop } from "~/shops/shop.server";
import { subscriptionUpgradeAvailability } from "~/shops/beta.server";
import { productEligibility, type PickerMode } from "~/domain/wizard-validation";
import { AdminApiError } from "~/integrations/shopify-admin/client.server";
import { searchProducts } from "~/integrations/shopify-admin/products.server";
import type { PickerResponse } from "~/components/product-picker/types";
import { firstIssue } from "~/domain/zod-issues";

const UPGRADE_MODES: PickerMode[] = ["upgrade_trigger", "upgrade_offer", "replacement"];
const OFFER_MODES: PickerMode[] = ["product_upsell", "subscription_upsell", "upgrade_offer", "replacement"];

const QuerySchema = z.object({
  mode: z.enum(["trigger", "product_upsell", "subscription_upsell", "upgrade_trigger", "upgrade_offer", "replacement"]),
  q: z.string().max(100).default(""),
  after: z.string().max(512).optional(),
  exclude: z
    .string()
    .max(2000)
    .optional()
    .transform((v) => (v ? v.split(",").filter((id) => /^gid:\/\/shopify\/Product\/\d+$/.test(id)) : [])),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(session.shop);
  const parsed = QuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    return json<PickerResponse>({ ok: false, error: "invalid", message: `Invalid picker request: ${firstIssue(parsed.error).message}` }, { status: 400 });
  }
  const { mode, q, after, exclude } = parsed.data;
  if (UPGRADE_MODES.includes(mode)) {
    // BETA-3 / CONN-5: the upgrade wizard's pickers answer only where upgrades are available.
    const upgrades = await subscriptionUpgradeAvailability(shop);
    if (!upgrades.available) return json<PickerResponse>({ ok: false, error: "upgrades_unavailable", message: upgrades.message }, { status: 403 });
  }
  try {
    const page = await searchProducts(admin, { text: q, after: after ?? null, excludeIds: exclude, activeOnly: OFFER_MODES.includes(mode) });
    return json<PickerResponse>({
      ok: true,
      currency: page.currency,
      pageInfo: page.pageInfo,
      products: page.products.map((product) => ({ ...product, eligibility: productEligibility(product, mode) })),
    });
  } catch (error) {
    if (!(error instanceof AdminApiError)) throw error;
    return json<PickerResponse>({ ok: false, error: "shopify_unavailable", message: "Shopify did not answer the product search. Try again in a moment." }, { status: 502 });
  }
};
