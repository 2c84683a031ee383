import { memo } from "react";
import { Badge, BlockStack, Button, Card, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { offerField, withPurchaseOption, type EditorOffer, type FieldErrors } from "~/domain/funnel-editor-schemas";
import { previewOffer } from "~/domain/funnel-editor-preview";
import { offerSellingPlans } from "~/domain/purchase-options";
import type { WizardTarget } from "~/funnels/wizard-target";
import { DiscountFields } from "./DiscountFields";
import { OFFER_KIND_LABELS } from "./labels";
import { OfferProducts } from "./OfferProducts";
import { SubscriptionOptions } from "./SubscriptionOptions";
import { UpgradeItems } from "./UpgradeItems";

interface Props {
  offer: EditorOffer;
  name: string;
  /** "First offer", "Shown when Offer 1 is accepted"… */
  placement: string;
  currency: string;
  errors: FieldErrors;
  previewing: boolean;
  /** Upgrade offers only: opens the wizard on this offer (null for other kinds). */
  openWizard: ((target: WizardTarget) => void) | null;
  wizardSavesFirst: boolean;
  onChange(offer: EditorOffer): void;
  onRemove(id: string): void;
  onPreview(id: string): void;
}

/** One offer page: its type, products, texts, purchase options and discount. Memoized: editing one offer leaves the others alone. */
export const OfferCard = memo(function OfferCard({ offer, name, placement, currency, errors, previewing, openWizard, wizardSavesFirst, onChange, onRemove, onPreview }: Props) {
  const field = (f: string) => offerField(offer.id, f);
  const plans = offerSellingPlans(previewOffer(offer, currency));
  const isUpgrade = offer.kind === "subscription_upgrade";
  const changeItems = (items: EditorOffer["items"]) => {
    const next = { ...offer, items };
    // A lock only makes sense on a plan every product still has (UPS-2).
    const stillThere = offerSellingPlans(previewOffer(next, currency)).some((p) => p.id === offer.lockedSellingPlanId);
    onChange(stillThere ? next : { ...next, lockedSellingPlanId: null });
  };

  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <BlockStack gap="050">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h3" variant="headingMd">
                {name}
              </Text>
              <Badge tone={isUpgrade ? "magic" : offer.kind === "subscription_upsell" ? "info" : undefined}>{OFFER_KIND_LABELS[offer.kind]}</Badge>
            </InlineStack>
            <Text as="p" tone="subdued" variant="bodySm">
              {placement}
            </Text>
          </BlockStack>
          <InlineStack gap="200">
            <Button onClick={() => onPreview(offer.id)} pressed={previewing}>
              Preview
            </Button>
            <Button variant="tertiary" tone="critical" onClick={() => onRemove(offer.id)} accessibilityLabel={`Remove ${name}`}>
              Remove
            </Button>
          </InlineStack>
        </InlineStack>

        {isUpgrade ? null : (
          <Select
            label="Offer type"
            options={[
              { label: OFFER_KIND_LABELS.product_upsell, value: "product_upsell" },
              { label: OFFER_KIND_LABELS.subscription_upsell, value: "subscription_upsell" },
            ]}
            value={offer.kind}
            onChange={(kind) =>
              onChange(kind === "product_upsell" ? { ...withPurchaseOption(offer, "one_time"), kind } : { ...offer, kind: kind as EditorOffer["kind"] })
            }
          />
        )}

        {isUpgrade ? (
          <UpgradeItems
            items={offer.items}
            errors={errors}
            field={field}
            savesFirst={wizardSavesFirst}
            onEdit={(item) => openWizard?.({ offerId: offer.id, item })}
            onChange={changeItems}
          />
        ) : (
          <OfferProducts kind={offer.kind as "product_upsell" | "subscription_upsell"} items={offer.items} errors={errors} field={field} onChange={changeItems} />
        )}

        <FormLayout>
          <TextField
            label="Headline"
            value={offer.headline ?? ""}
            onChange={(headline) => onChange({ ...offer, headline })}
            placeholder={offer.items.map((i) => i.productTitle).join(" + ") || "The product's title"}
            helpText="Leave empty to use the product's title."
            error={errors[field("headline")]}
            autoComplete="off"
            maxLength={120}
          />
          <TextField
            label="Text"
            value={offer.body ?? ""}
            onChange={(body) => onChange({ ...offer, body })}
            multiline={2}
            error={errors[field("body")]}
            autoComplete="off"
            helpText={isUpgrade ? "Tell shoppers the item represents their plan change, e.g. \"Your recurring plan is updated: no extra charge.\"" : undefined}
          />
        </FormLayout>

        {offer.kind === "subscription_upsell" ? <SubscriptionOptions offer={offer} plans={plans} errors={errors} field={field} onChange={onChange} /> : null}

        {isUpgrade ? null : (
          <DiscountFields
            label={offer.kind === "subscription_upsell" ? "First-cycle discount" : "Discount"}
            helpText={offer.kind === "subscription_upsell" ? "Applies to the first delivery only; renewals are charged the regular price." : undefined}
            discount={offer.discount ?? { type: "none", value: "" }}
            currency={currency}
            error={errors[field("discount.value")]}
            onChange={(discount) => onChange({ ...offer, discount })}
          />
        )}
      </BlockStack>
    </Card>
  );
});
