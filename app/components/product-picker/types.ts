/** The product picker's data, as app/routes/app.products.ts answers it (browser-safe). */
import type { Eligibility, PickerMode, PickerProduct } from "~/domain/wizard-validation";

export type { PickerMode, PickerProduct, Eligibility };

export type PickerProductRow = PickerProduct & { eligibility: Eligibility };

export type PickerResponse =
  | { ok: true; currency: string; pageInfo: { hasNextPage: boolean; endCursor: string | null }; products: PickerProductRow[] }
  | { ok: false; error: string; message: string };

/** A product the merchant picked, with the variant they chose. */
export interface PickedProduct {
  product: PickerProductRow;
  variantId: string;
}
