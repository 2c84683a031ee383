/** A picked product as the editor's offer item or the wizard's product choice. */
import type { EditorItem } from "~/domain/funnel-editor-schemas";
import { choiceFromProduct, type PickerProduct, type WizardProductChoice } from "~/domain/wizard-validation";
import type { PickedProduct } from "./types";

export function pickedToChoice({ product, variantId }: { product: PickerProduct; variantId: string }): WizardProductChoice {
  return choiceFromProduct(product, variantId);
}

export function pickedToItem(picked: PickedProduct): EditorItem {
  const choice = pickedToChoice(picked);
  return {
    productId: choice.id,
    variantId: choice.variantId,
    productTitle: choice.title,
    variantTitle: choice.variantTitle === "Default Title" ? "" : choice.variantTitle,
    imageUrl: choice.imageUrl,
    priceMinor: choice.priceMinor,
    currency: choice.currency,
    quantity: "1",
    subscriptionOnly: choice.subscriptionOnly,
    isBundle: choice.isBundle,
    sellingPlans: choice.sellingPlans,
    upgrade: null,
  };
}
