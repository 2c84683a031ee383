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
 * demo and tests do not have; this bar overlays the top of the app in both. It is fixed,
 * so appearing never pushes the page down (no layout shift).
 */
export function SaveBar({ visible, saving, onSave, onDiscard, message = "Unsaved changes" }: Props) {
  if (!visible) return null;
  return (
    <div role="region" aria-label="Save bar" style={{ position: "fixed", top: 0, left: 0, right: 0, zIndex: 520 }}>
      <Box background="bg-inverse" paddingBlock="300" paddingInline="600">
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
