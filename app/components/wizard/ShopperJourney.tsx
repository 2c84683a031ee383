import { Box, InlineStack, Text } from "@shopify/polaris";

const STEPS = ["Buys subscription", "Sees upgrade offer", "One-click accept", "Plan updates"];

/** WIZ-1: what the shopper experiences, at the foot of the trigger step. */
export function ShopperJourney() {
  return (
    <Box padding="300" background="bg-surface-secondary" borderRadius="200">
      <InlineStack gap="200" blockAlign="center" align="center">
        <Text as="span" variant="bodySm" tone="subdued">
          Customer journey:
        </Text>
        {STEPS.map((step, index) => (
          <InlineStack key={step} gap="200" blockAlign="center">
            {index > 0 ? (
              <Text as="span" tone="subdued" aria-hidden>
                ›
              </Text>
            ) : null}
            <Text as="span" fontWeight="medium">
              {step}
            </Text>
          </InlineStack>
        ))}
      </InlineStack>
    </Box>
  );
}
