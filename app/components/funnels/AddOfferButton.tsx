import { useState } from "react";
import { useNavigate } from "@remix-run/react";
import { ActionList, Button, Popover } from "@shopify/polaris";
import type { SubscriptionUpgradeAvailability } from "~/shops/beta.server";

interface Props {
  label: string;
  primary?: boolean;
  upgrades: SubscriptionUpgradeAvailability;
  /** The wizard's URL for an upgrade in this place, or null while the funnel has unsaved changes. */
  upgradeUrl: string | null;
  onAdd(kind: "product_upsell" | "subscription_upsell"): void;
}

/**
 * FUN-1 "Add upsell": picks the offer type. "Subscription upgrade" is listed only when the
 * beta is on and a verified provider is connected (CONN-5, BETA-1).
 */
export function AddOfferButton({ label, primary, upgrades, upgradeUrl, onAdd }: Props) {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
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
            helpText: upgradeUrl ? "Change the shopper's existing subscription" : "Save your changes first",
            disabled: !upgradeUrl,
            onAction: pick(() => upgradeUrl && navigate(upgradeUrl)),
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
