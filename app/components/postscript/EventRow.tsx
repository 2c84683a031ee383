import type { ReactNode } from "react";
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, InlineStack, Text } from "@shopify/polaris";
import type { PostscriptEventType } from "~/integrations/postscript/event-types";
import type { PostscriptActionData } from "./types";

/**
 * One event row: its checkbox (`children`) and, PS-3, a "Send test" button that sends a
 * sample event of `type` and shows Postscript's answer under the row.
 */
export function EventRow({ type, label, disabled, children }: { type: PostscriptEventType; label: string; disabled: boolean; children: ReactNode }) {
  const fetcher = useFetcher<PostscriptActionData>();
  const result = fetcher.state === "idle" && fetcher.data?.intent === "sendTest" ? fetcher.data.result : null;
  return (
    <BlockStack gap="200">
      <InlineStack align="space-between" blockAlign="start" gap="400" wrap={false}>
        <Box>{children}</Box>
        <Box minWidth="100px">
          <InlineStack align="end">
            <Button
              size="slim"
              accessibilityLabel={`Send test: ${label}`}
              disabled={disabled}
              loading={fetcher.state !== "idle"}
              onClick={() => fetcher.submit({ intent: "sendTest", type }, { method: "post" })}
            >
              Send test
            </Button>
          </InlineStack>
        </Box>
      </InlineStack>
      {result ? (
        <Banner tone={result.ok ? "success" : "critical"} title={result.ok ? "Test event sent" : "Test event not sent"}>
          <Text as="p">{result.message}</Text>
        </Banner>
      ) : null}
    </BlockStack>
  );
}
