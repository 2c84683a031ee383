import { Badge, InlineStack, Text } from "@shopify/polaris";
import type { WizardStep } from "~/domain/wizard-validation";

const LABELS: Record<WizardStep, string> = { trigger: "1. Trigger product", offer: "2. Offer product", configure: "3. Configure upgrade", summary: "Summary" };

/** Where the merchant is; steps already passed are marked done. */
export function WizardSteps({ steps, current }: { steps: readonly WizardStep[]; current: WizardStep }) {
  const at = steps.indexOf(current);
  return (
    <nav aria-label="Wizard steps">
      <InlineStack gap="300" blockAlign="center">
        {steps.map((step, index) => (
          <InlineStack key={step} gap="100" blockAlign="center">
            {index < at ? <Badge tone="success">Done</Badge> : null}
            <Text as="span" fontWeight={index === at ? "bold" : "regular"} tone={index > at ? "subdued" : undefined}>
              <span aria-current={index === at ? "step" : undefined}>{LABELS[step]}</span>
            </Text>
            {index < steps.length - 1 ? (
              <Text as="span" tone="subdued" aria-hidden>
                ›
              </Text>
            ) : null}
          </InlineStack>
        ))}
      </InlineStack>
    </nav>
  );
}
