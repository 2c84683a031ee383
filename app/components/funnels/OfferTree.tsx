import { memo } from "react";
import { BlockStack, Box, Card, InlineStack, Text } from "@shopify/polaris";
import { MAX_OFFERS_PER_FUNNEL, type EditorOffer, type FieldErrors } from "~/domain/funnel-editor-schemas";
import type { SubscriptionUpgradeAvailability } from "~/shops/beta.server";
import type { WizardTarget } from "~/funnels/wizard-target";
import { AddOfferButton } from "./AddOfferButton";
import { OfferCard } from "./OfferCard";

export interface OfferTreeProps {
  offers: EditorOffer[];
  names: Map<string, string>;
  currency: string;
  errors: FieldErrors;
  upgrades: SubscriptionUpgradeAvailability;
  previewId: string | null;
  /** Opens the upgrade wizard for a place in the tree or an existing offer (saving the funnel first when needed). */
  openWizard(target: WizardTarget): void;
  /** Opening the wizard saves the funnel first (it has unsaved changes). */
  wizardSavesFirst: boolean;
  onAdd(kind: "product_upsell" | "subscription_upsell", parentId: string | null, branch: "accept" | "decline" | null): void;
  onChange(offer: EditorOffer): void;
  onRemove(id: string): void;
  onPreview(id: string): void;
}

/** FUN-1: offers as accept/decline branches — upsell 1 → on accept upsell 2, on decline a downsell. */
export const OfferTree = memo(function OfferTree(props: OfferTreeProps) {
  const root = props.offers.find((o) => !o.parentId);
  if (!root) {
    return (
      <Card>
        <BlockStack gap="300" inlineAlign="start">
          <Text as="h2" variant="headingMd">
            Offers
          </Text>
          <Text as="p" tone="subdued">
            The first offer shows right after checkout. Then, when the shopper accepts, the next upsell; when they
            decline, a downsell.
          </Text>
          <AddOfferButton
            label="Add upsell"
            primary
            upgrades={props.upgrades}
            savesFirst={props.wizardSavesFirst}
            onAddUpgrade={() => props.openWizard({ parentId: null, branch: null })}
            onAdd={(kind) => props.onAdd(kind, null, null)}
          />
        </BlockStack>
      </Card>
    );
  }
  return <OfferNode {...props} offer={root} placement="First offer, shown right after checkout" />;
});

function OfferNode(props: OfferTreeProps & { offer: EditorOffer; placement: string }) {
  const { offer, names } = props;
  const name = names.get(offer.id) ?? "Offer";
  return (
    <BlockStack gap="300">
      <OfferCard
        offer={offer}
        name={name}
        placement={props.placement}
        currency={props.currency}
        errors={props.errors}
        previewing={props.previewId === offer.id}
        // Only upgrade offers open the wizard; the others keep stable props and skip re-rendering.
        openWizard={offer.kind === "subscription_upgrade" ? props.openWizard : null}
        wizardSavesFirst={offer.kind === "subscription_upgrade" && props.wizardSavesFirst}
        onChange={props.onChange}
        onRemove={props.onRemove}
        onPreview={props.onPreview}
      />
      <Box paddingInlineStart="600" borderInlineStartWidth="050" borderColor="border">
        <BlockStack gap="300">
          {(["accept", "decline"] as const).map((branch) => (
            <Branch key={branch} {...props} parent={offer} parentName={name} branch={branch} />
          ))}
        </BlockStack>
      </Box>
    </BlockStack>
  );
}

function Branch(props: OfferTreeProps & { parent: EditorOffer; parentName: string; branch: "accept" | "decline" }) {
  const { parent, parentName, branch, offers } = props;
  const child = offers.find((o) => o.parentId === parent.id && o.branch === branch);
  const when = branch === "accept" ? `If ${parentName} is accepted` : `If ${parentName} is declined`;
  if (child) return <OfferNode {...props} offer={child} placement={`${when}${branch === "decline" ? " (downsell)" : ""}`} />;
  if (offers.length >= MAX_OFFERS_PER_FUNNEL) return null;
  return (
    <InlineStack gap="300" blockAlign="center">
      <Text as="span" tone="subdued">
        {when}:
      </Text>
      <AddOfferButton
        label={branch === "accept" ? "Add upsell" : "Add downsell"}
        upgrades={props.upgrades}
        savesFirst={props.wizardSavesFirst}
        onAddUpgrade={() => props.openWizard({ parentId: parent.id, branch })}
        onAdd={(kind) => props.onAdd(kind, parent.id, branch)}
      />
    </InlineStack>
  );
}
