import { Box, Button, InlineStack, Text } from "@shopify/polaris";

interface Props {
  visible: boolean;
  saving: boolean;
  onSave(): void;
  onDiscard(): void;
  message?: string;
}

/**
 * The contextual save bar. App Bridge's SaveBar lives in Shopify admin's chrome, which the
 * demo and tests do not have; this bar sticks to the top of the page in both, below the
 * app's navigation (which stays usable: leaving goes through the unsaved-changes guard).
 * It appears and disappears on the merchant's own input, which layout-shift scoring
 * leaves out.
 */
export function SaveBar({ visible, saving, onSave, onDiscard, message = "Unsaved changes" }: Props) {
  if (!visible) return null;
  return (
    <div role="region" aria-label="Save bar" style={{ position: "sticky", top: 0, zIndex: 400, marginBottom: 16 }}>
      <Box background="bg-inverse" paddingBlock="300" paddingInline="400" borderRadius="200" shadow="300">
        <InlineStack align="space-between" blockAlign="center" gap="300">
          <Text as="p" tone="text-inverse" fontWeight="semibold">
            {message}
          </Text>
          <InlineStack gap="200">
            <Button onClick={onDiscard} disabled={saving}>
              Discard
            </Button>
            <Button variant="primary" tone="success" onClick={onSave} loading={saving}>
              Save
            </Button>
          </InlineStack>
        </InlineStack>
      </Box>
    </div>
  );
}
