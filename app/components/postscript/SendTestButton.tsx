import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Text } from "@shopify/polaris";
import type { PostscriptEventType } from "~/integrations/postscript/event-types";
import type { PostscriptActionData } from "./types";

/** PS-3: sends one sample event of `type` and shows Postscript's answer under the button. */
export function SendTestButton({ type, label, disabled }: { type: PostscriptEventType; label: string; disabled: boolean }) {
  const fetcher = useFetcher<PostscriptActionData>();
  const result = fetcher.state === "idle" && fetcher.data?.intent === "sendTest" ? fetcher.data.result : null;
  return (
    <BlockStack gap="200">
      <div>
        <Button
          size="slim"
          accessibilityLabel={`Send test: ${label}`}
          disabled={disabled}
          loading={fetcher.state !== "idle"}
          onClick={() => fetcher.submit({ intent: "sendTest", type }, { method: "post" })}
        >
          Send test
        </Button>
      </div>
      {result ? (
        <Banner tone={result.ok ? "success" : "critical"} title={result.ok ? "Test event sent" : "Test event not sent"}>
          <Text as="p">{result.message}</Text>
        </Banner>
      ) : null}
    </BlockStack>
  );
}
