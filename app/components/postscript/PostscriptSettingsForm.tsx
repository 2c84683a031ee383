import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, Divider, InlineStack, Text, TextField } from "@shopify/polaris";
import type { PostscriptEventInfo, PostscriptEventType } from "~/integrations/postscript/event-types";
import { EventRow } from "./EventRow";
import type { PostscriptActionData, PostscriptSettingsView } from "./types";

/**
 * PS-1: enable, keyword, private API key (checked by the server before it is saved) and
 * the events to send; PS-3: "Send test" beside each event once a key is saved.
 */
export function PostscriptSettingsForm({
  settings,
  events,
  onSaved,
}: {
  settings: PostscriptSettingsView | null;
  events: readonly PostscriptEventInfo[];
  onSaved: (message: string) => void;
}) {
  const save = useFetcher<PostscriptActionData>();
  const [enabled, setEnabled] = useState(settings?.enabled ?? true);
  const [keyword, setKeyword] = useState(settings?.keyword ?? "");
  const [apiKey, setApiKey] = useState("");
  const [chosen, setChosen] = useState<PostscriptEventType[]>(settings?.enabledEvents ?? events.map((e) => e.type));
  const saving = save.state !== "idle";
  const saveResult = save.data?.intent === "save" || save.data?.intent === "invalid" ? save.data : null;

  useEffect(() => {
    if (save.state !== "idle" || save.data?.intent !== "save" || !save.data.ok) return;
    setApiKey("");
    onSaved("Postscript settings saved");
    // eslint-disable-next-line react-hooks/exhaustive-deps -- react to a finished save only
  }, [save.data, save.state]);

  const toggle = (type: PostscriptEventType, on: boolean) =>
    setChosen((current) => (on ? [...current.filter((t) => t !== type), type] : current.filter((t) => t !== type)));
  const submit = () => {
    const form = new FormData();
    form.set("intent", "save");
    form.set("enabled", String(enabled));
    form.set("keyword", keyword.trim());
    form.set("apiKey", apiKey.trim());
    for (const type of chosen) form.append("events", type);
    save.submit(form, { method: "post" });
  };

  const fieldErrors = saveResult && "fieldErrors" in saveResult ? saveResult.fieldErrors ?? {} : {};
  const failure = saveResult && !("ok" in saveResult && saveResult.ok) ? saveResult : null;
  const checkState = failure && "checkState" in failure ? failure.checkState : undefined;

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Postscript
        </Text>
        <Checkbox
          label="Send events to Postscript"
          checked={enabled}
          onChange={setEnabled}
          helpText="Turn off to stop sending events without removing the key."
        />
        <TextField
          label="Store keyword"
          value={keyword}
          onChange={setKeyword}
          autoComplete="off"
          helpText="Your store's keyword trigger in Postscript."
          error={fieldErrors.keyword}
        />
        <TextField
          label="Private API key"
          type="password"
          value={apiKey}
          onChange={setApiKey}
          autoComplete="off"
          placeholder={settings?.apiKeyMasked}
          helpText={
            settings
              ? `Saved key ${settings.apiKeyMasked}. Paste a new key only to replace it.`
              : "Create a new private key for Uplift in Postscript › API (it starts with sk_). Uplift checks it before saving."
          }
          error={fieldErrors.apiKey}
        />
        <Divider />
        <Text as="h3" variant="headingSm">
          Events to send
        </Text>
        {fieldErrors.events ? <Text as="p" tone="critical">{fieldErrors.events}</Text> : null}
        <BlockStack gap="300">
          {events.map((event) => (
            <EventRow key={event.type} type={event.type} label={event.label} disabled={!settings}>
              <Checkbox
                label={`${event.label} (${event.type})`}
                helpText={event.description}
                checked={chosen.includes(event.type)}
                onChange={(on) => toggle(event.type, on)}
              />
            </EventRow>
          ))}
        </BlockStack>
        {!settings ? (
          <Text as="p" tone="subdued">
            Save the keyword and key first, then press &quot;Send test&quot; for each event so it appears in Postscript&apos;s flow builder at once.
          </Text>
        ) : null}
        {failure ? (
          <Banner tone={checkState === "unverifiable" ? "warning" : "critical"} title="Not saved">
            <p>{failure.error}</p>
          </Banner>
        ) : null}
        <InlineStack align="end">
          <Button variant="primary" onClick={submit} loading={saving}>
            Save
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
