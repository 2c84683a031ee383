import { useState } from "react";
import { ActionList, Button, Popover } from "@shopify/polaris";
import type { SubscriptionUpgradeAvailability } from "~/shops/beta.server";

interface Props {
  label: string;
  primary?: boolean;
  upgrades: SubscriptionUpgradeAvailability;
  /** Opening the wizard saves the funnel first. */
  savesFirst: boolean;
  onAddUpgrade(): void;
  onAdd(kind: "product_upsell" | "subscription_upsell"): void;
}

/**
 * FUN-1 "Add upsell": picks the offer type. "Subscription upgrade" is listed only when the
 * beta is on and a verified provider is connected (CONN-5, BETA-1).
 */
export function AddOfferButton({ label, primary, upgrades, savesFirst, onAddUpgrade, onAdd }: Props) {
  const [open, setOpen] = useState(false);
  const pick = (fn: () => void) => () => {
    setOpen(false);
    fn();
  };
  const items = [
    { content: "Product upsell", helpText: "A one-time product", onAction: pick(() => onAdd("product_upsell")) },
    { content: "Subscription upsell", helpText: "A new subscription, one-time or both", onAction: pick(() => onAdd("subscription_upsell")) },
    ...(upgrades.available
      ? [
          {
            content: "Subscription upgrade",
            helpText: savesFirst ? "Change the shopper's existing subscription (saves this funnel first)" : "Change the shopper's existing subscription",
            onAction: pick(onAddUpgrade),
          },
        ]
      : []),
  ];
  return (
    <Popover
      active={open}
      onClose={() => setOpen(false)}
      activator={
        <Button variant={primary ? "primary" : "secondary"} disclosure onClick={() => setOpen((o) => !o)}>
          {label}
        </Button>
      }
    >
      <ActionList actionRole="menuitem" items={items} />
    </Popover>
  );
}
