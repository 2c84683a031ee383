import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { PROVIDER_HELP, PROVIDER_LABELS } from "~/providers/scopes";
import { PROVIDER_CHOICES, type ProviderChoice } from "./provider-options";
import { TokenTestResult } from "./TokenTestResult";
import type { ConnectionView, UpgradesActionData } from "./types";

/**
 * CONN-1/CONN-2: provider, token, "Test API key", Save. A test result belongs to the exact
 * provider + token it ran on: editing either hides it and disables Save again. (The
 * server enforces the same rule with the proof the test returns.)
 */
export function ProviderConnectionForm({
  connection,
  provider,
  onProviderChange,
  onSaved,
}: {
  connection: ConnectionView | null;
  provider: ProviderChoice;
  onProviderChange: (provider: ProviderChoice) => void;
  onSaved: (message: string) => void;
}) {
  const test = useFetcher<UpgradesActionData>();
  const save = useFetcher<UpgradesActionData>();
  const [token, setToken] = useState("");
  const [testedPair, setTestedPair] = useState<string | null>(null);
  const pair = `${provider}\u0000${token.trim()}`;
  // Any edit voids the last result, even an edit back to the tested value: test again.
  // Another provider's token is never right for this one, so switching clears the field.
  useEffect(() => {
    setTestedPair(null);
    setToken("");
  }, [provider]);
  const editToken = (value: string) => {
    setToken(value);
    setTestedPair(null);
  };

  const outcome = test.data?.intent === "test" && testedPair === pair && test.state === "idle" ? test.data.outcome : null;
  const testing = test.state !== "idle";
  const saving = save.state !== "idle";
  const removing = provider === "none";
  const canSave = removing ? connection !== null : outcome?.state === "valid" && !!outcome.proof;

  const saveResult = save.data?.intent === "save" ? save.data : null;
  useEffect(() => {
    if (save.state !== "idle" || !saveResult?.ok) return;
    setToken("");
    setTestedPair(null);
    onSaved(saveResult.connection ? "Provider connection saved" : "Provider connection removed");
    // eslint-disable-next-line react-hooks/exhaustive-deps -- react to a finished save only
  }, [saveResult, save.state]);

  const runTest = () => {
    setTestedPair(pair);
    test.submit({ intent: "test", provider, token: token.trim() }, { method: "post" });
  };
  const runSave = () =>
    save.submit(
      removing ? { intent: "save", provider } : { intent: "save", provider, token: token.trim(), proof: outcome?.proof ?? "" },
      { method: "post" },
    );

  const testError = test.data?.intent === "invalid" && testedPair === pair ? test.data.fieldErrors.token ?? test.data.error : null;
  const saveError = saveResult && !saveResult.ok ? saveResult.error : null;
  const savedTokenHint =
    connection && connection.provider === provider
      ? `Saved token ${connection.tokenMasked}. Paste a new token only to replace it.`
      : undefined;

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Subscription provider
        </Text>
        <Select
          label="Subscription provider"
          options={PROVIDER_CHOICES.map((c) => ({ label: c.label, value: c.value }))}
          value={provider}
          onChange={(value) => onProviderChange(value as ProviderChoice)}
          helpText="Subscription upgrades change the shopper's existing subscription through this provider's API."
        />
        {removing ? (
          <Text as="p" tone="subdued">
            {connection
              ? `Saving "None" disconnects ${connection.providerLabel} and removes its token. Subscription upgrade offers stop.`
              : "Choose Recharge, Skio or Loop to offer subscription upgrades."}
          </Text>
        ) : (
          <>
            <TextField
              label="API token"
              type="password"
              autoComplete="off"
              value={token}
              onChange={editToken}
              placeholder={connection?.provider === provider ? connection.tokenMasked : undefined}
              helpText={savedTokenHint ?? `Create it in ${PROVIDER_HELP[provider].where}.`}
              error={testError ?? undefined}
            />
            <InlineStack gap="200">
              <Button onClick={runTest} loading={testing} disabled={token.trim().length === 0}>
                Test API key
              </Button>
            </InlineStack>
            {outcome ? <TokenTestResult outcome={outcome} onRetry={runTest} retrying={testing} /> : null}
          </>
        )}
        {saveError ? (
          <Banner tone="critical" title="Not saved">
            <p>{saveError}</p>
          </Banner>
        ) : null}
        <InlineStack align="end" gap="200">
          {!removing && !canSave ? (
            <Text as="span" tone="subdued">
              {`Test the ${PROVIDER_LABELS[provider]} API key to enable Save.`}
            </Text>
          ) : null}
          <Button variant="primary" onClick={runSave} disabled={!canSave} loading={saving}>
            Save
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
