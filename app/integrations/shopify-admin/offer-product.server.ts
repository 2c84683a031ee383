/**
 * WIZ-2 "Create new": the upgrade's placeholder offer product. The image goes up through
 * a staged upload (stagedUploadsCreate → POST to the target → resourceUrl as media), the
 * product is created ACTIVE (so the post-purchase changeset can add it) and never
 * published, then its one variant gets the one-time price. productCreate leaves the
 * product off every sales channel (shopify.md §4); onlineStoreUrl === null proves it.
 */
import { logger } from "~/logger.server";
import type { PickerProduct } from "~/domain/wizard-validation";
import { AdminApiError, assertNoUserErrors, runAdminOperation, type AdminGraphqlClient } from "./client.server";
import { getProduct } from "./products.server";

export const STAGED_IMAGE_UPLOAD_MUTATION = `#graphql
  mutation UpliftStagedImageUpload($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets {
        url
        resourceUrl
        parameters {
          name
          value
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const CREATE_OFFER_PRODUCT_MUTATION = `#graphql
  mutation UpliftCreateOfferProduct($product: ProductCreateInput!, $media: [CreateMediaInput!]) {
    productCreate(product: $product, media: $media) {
      product {
        id
        status
        onlineStoreUrl
        variants(first: 1) {
          nodes {
            id
          }
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const SET_OFFER_PRODUCT_PRICE_MUTATION = `#graphql
  mutation UpliftSetOfferProductPrice($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants) {
      productVariants {
        id
        price
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const ALLOWED_IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export interface ImageUpload {
  filename: string;
  mimeType: string;
  bytes: Uint8Array;
}

export interface OfferProductInput {
  title: string;
  /** Decimal string in the shop currency ("4.99"), already validated. */
  price: string;
  /** Optional (WIZ-2): a plain placeholder line needs no picture; the offer card then shows none. */
  image: ImageUpload | null;
}

/** The image could not be uploaded or the product not created as promised. */
export class OfferProductError extends Error {
  readonly field: "create.image" | "create.title" | "create.price" | "form";
  constructor(field: OfferProductError["field"], message: string) {
    super(message);
    this.name = "OfferProductError";
    this.field = field;
  }
}

interface StagedTarget {
  url: string;
  resourceUrl: string;
  parameters: Array<{ name: string; value: string }>;
}

/** Uploads the image to Shopify's staged storage and returns the resourceUrl for productCreate. */
export async function uploadStagedImage(admin: AdminGraphqlClient, image: ImageUpload, fetchImpl: typeof fetch = fetch): Promise<string> {
  const data = await runAdminOperation<{
    stagedUploadsCreate: { stagedTargets: StagedTarget[] | null; userErrors: Array<{ field: string[] | null; message: string }> };
  }>(admin, "UpliftStagedImageUpload", STAGED_IMAGE_UPLOAD_MUTATION, {
    input: [{ filename: image.filename, mimeType: image.mimeType, resource: "IMAGE", httpMethod: "POST", fileSize: String(image.bytes.byteLength) }],
  });
  assertNoUserErrors("UpliftStagedImageUpload", data.stagedUploadsCreate.userErrors);
  const target = data.stagedUploadsCreate.stagedTargets?.[0];
  if (!target) throw new AdminApiError("UpliftStagedImageUpload", "Shopify returned no upload target");

  // The storage endpoint wants its parameters first and the file last.
  const form = new FormData();
  for (const { name, value } of target.parameters) form.append(name, value);
  form.append("file", new Blob([image.bytes as BlobPart], { type: image.mimeType }), image.filename);
  const response = await fetchImpl(target.url, { method: "POST", body: form });
  if (!response.ok) {
    logger.warn("staged image upload failed", { status: response.status });
    throw new OfferProductError("create.image", `Shopify did not accept the image (HTTP ${response.status}). Try again, or use another PNG or JPEG.`);
  }
  return target.resourceUrl;
}

/**
 * Creates the placeholder: ACTIVE, unpublished, one untracked, non-shipping variant at `price`. Returns it as the
 * picker sees it, after checking it really is off the Online Store.
 */
export async function createOfferProduct(admin: AdminGraphqlClient, input: OfferProductInput, fetchImpl: typeof fetch = fetch): Promise<PickerProduct> {
  const resourceUrl = input.image ? await uploadStagedImage(admin, input.image, fetchImpl) : null;
  const created = await runAdminOperation<{
    productCreate: {
      product: { id: string; status: string; onlineStoreUrl: string | null; variants: { nodes: Array<{ id: string }> } } | null;
      userErrors: Array<{ field: string[] | null; message: string }>;
    };
  }>(admin, "UpliftCreateOfferProduct", CREATE_OFFER_PRODUCT_MUTATION, {
    product: {
      title: input.title,
      status: "ACTIVE",
      descriptionHtml:
        "<p>This item represents your subscription upgrade. Your recurring plan is updated separately by your subscription app.</p>",
      tags: ["uplift-upgrade-offer"],
    },
    media: resourceUrl ? [{ originalSource: resourceUrl, mediaContentType: "IMAGE", alt: input.title }] : [],
  });
  assertNoUserErrors("UpliftCreateOfferProduct", created.productCreate.userErrors);
  const product = created.productCreate.product;
  const variantId = product?.variants.nodes[0]?.id;
  if (!product || !variantId) throw new AdminApiError("UpliftCreateOfferProduct", "Shopify created no product");

  const priced = await runAdminOperation<{
    productVariantsBulkUpdate: { userErrors: Array<{ field: string[] | null; message: string }> };
  }>(admin, "UpliftSetOfferProductPrice", SET_OFFER_PRODUCT_PRICE_MUTATION, {
    productId: product.id,
    // Audit S-8: the line only records the upgrade, so it must never ship (no phantom
    // parcel on the order) nor run out of stock (insufficient_inventory on accept).
    variants: [{ id: variantId, price: input.price, inventoryPolicy: "CONTINUE", inventoryItem: { requiresShipping: false, tracked: false } }],
  });
  assertNoUserErrors("UpliftSetOfferProductPrice", priced.productVariantsBulkUpdate.userErrors);

  const snapshot = await getProduct(admin, product.id);
  if (!snapshot) throw new AdminApiError("UpliftPickerProduct", "the new product could not be read back");
  if (snapshot.status !== "ACTIVE" || snapshot.onlineStoreUrl !== null) {
    // Not fatal for the offer, but the merchant asked for a product hidden from the storefront.
    logger.warn("offer product is not active-and-unpublished", { status: snapshot.status, onStore: snapshot.onlineStoreUrl !== null });
  }
  return snapshot;
}
