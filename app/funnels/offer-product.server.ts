/**
 * WIZ-2 "Create new" from the wizard's multipart form: the fields checked with the
 * wizard's own rules, the image checked for type and size, then the placeholder product
 * created in Shopify (ACTIVE, unpublished) and handed back as a wizard product choice.
 */
import type { Shop } from "@prisma/client";
import type { FieldErrors } from "~/domain/funnel-editor-schemas";
import { money, toDecimalString } from "~/domain/money";
import { choiceFromProduct, parsePrice, productEligibility, validateCreateFields, type WizardProductChoice } from "~/domain/wizard-validation";
import { AdminApiError, AdminUserError, type AdminGraphqlClient } from "~/integrations/shopify-admin/client.server";
import { ALLOWED_IMAGE_TYPES, createOfferProduct, MAX_IMAGE_BYTES, OfferProductError } from "~/integrations/shopify-admin/offer-product.server";
import { logger } from "~/logger.server";

export type CreateProductResult =
  | { ok: true; product: WizardProductChoice }
  | { ok: false; status: 400 | 413 | 502; message: string; fieldErrors?: FieldErrors };

const FORM_OVERHEAD_BYTES = 64 * 1024;

export async function createOfferProductFromForm(input: { admin: AdminGraphqlClient; shop: Pick<Shop, "domain" | "currency">; request: Request }): Promise<CreateProductResult> {
  const { admin, shop, request } = input;
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > MAX_IMAGE_BYTES + FORM_OVERHEAD_BYTES) {
    return { ok: false, status: 413, message: "The image is too large.", fieldErrors: { "create.image": "Use an image under 5 MB." } };
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return { ok: false, status: 400, message: "The form could not be read. Try again." };
  }
  const title = String(form.get("title") ?? "").trim();
  const price = String(form.get("price") ?? "").trim();
  const image = form.get("image");
  const file = image instanceof Blob && image.size > 0 ? (image as File) : null;
  const fieldErrors = validateCreateFields({ title, price, hasImage: file !== null }, shop.currency);
  if (file && !(ALLOWED_IMAGE_TYPES as readonly string[]).includes(file.type)) fieldErrors["create.image"] = "Use a PNG, JPEG, GIF or WebP image.";
  else if (file && file.size > MAX_IMAGE_BYTES) fieldErrors["create.image"] = "Use an image under 5 MB.";
  if (Object.keys(fieldErrors).length > 0) return { ok: false, status: 400, message: "Check the highlighted fields.", fieldErrors };

  try {
    const minor = parsePrice(price, shop.currency) as number;
    const product = await createOfferProduct(admin, {
      title,
      price: toDecimalString(money(minor, shop.currency)),
      image: file ? { filename: file.name || "upgrade-image", mimeType: file.type, bytes: new Uint8Array(await file.arrayBuffer()) } : null,
    });
    const eligibility = productEligibility(product, "upgrade_offer");
    if (!eligibility.allowed) return { ok: false, status: 400, message: eligibility.reason ?? "This product cannot be the offer product." };
    logger.info("upgrade offer product created", { shop: shop.domain, onlineStore: product.onlineStoreUrl !== null });
    return { ok: true, product: choiceFromProduct(product) };
  } catch (error) {
    if (error instanceof OfferProductError) return { ok: false, status: 400, message: error.message, fieldErrors: { [error.field]: error.message } };
    if (error instanceof AdminUserError) {
      const titleError = error.userErrors.find((e) => e.field?.includes("title"));
      return { ok: false, status: 400, message: error.userErrors[0]?.message ?? "Shopify refused the product.", fieldErrors: titleError ? { "create.title": titleError.message } : {} };
    }
    if (error instanceof AdminApiError) return { ok: false, status: 502, message: "Shopify did not create the product. Try again in a moment." };
    throw error;
  }
}
