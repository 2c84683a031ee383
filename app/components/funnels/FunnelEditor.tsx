import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { useActionData, useNavigate, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Card, Layout, Link, Page, Text } from "@shopify/polaris";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { type EditorDraft } from "~/domain/funnel-editor-schemas";
import { previewDefinition, previewOffer } from "~/domain/funnel-editor-preview";
import { funnelWarnings } from "~/domain/funnel-warnings";
import { funnelReach, shadowedFunnelWarning } from "~/domain/funnel-shadowing";
import { wizardPath, type WizardTarget } from "~/funnels/wizard-target";
import { ConfirmDeleteModal } from "./ConfirmDeleteModal";
import { FunnelDetailsCard } from "./FunnelDetailsCard";
import { FunnelWarnings } from "./FunnelWarnings";
import { offerNumbers, statusBadge } from "./labels";
import { OfferPreview } from "./OfferPreview";
import { OfferTree, type OfferTreeProps } from "./OfferTree";
import { SaveBar } from "./SaveBar";
import { TriggersCard } from "./TriggersCard";
import type { EditorActionResult, EditorProps } from "./types";
import { useFunnelDraft } from "./useFunnelDraft";
import { useUnsavedChangesGuard } from "./useUnsavedChangesGuard";

/** FUN-1, FUN-2, FUN-4..7: the funnel editor. */
/** A funnel not saved yet will be the youngest, so it loses ties (FUN-3). */
const UNSAVED_CREATED_AT = "9999-12-31T00:00:00.000Z";

export function FunnelEditor({ funnel, draft: initial, currency, upgrades, competitors }: EditorProps) {
  const editor = useFunnelDraft(initial, currency);
  const { draft, dirty, errors } = editor;
  const submit = useSubmit();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const result = useActionData<EditorActionResult>();
  const shopify = useAppBridge();
  const [searchParams, setSearchParams] = useSearchParams();
  const [previewId, setPreviewId] = useState<string | null>(initial.offers[0]?.id ?? null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const leaving = useRef(false);
  const saving = navigation.state !== "idle" && navigation.formMethod?.toUpperCase() === "POST";
  const guard = useUnsavedChangesGuard(dirty && !saving && !leaving.current);

  const { setServerErrors } = editor;
  useEffect(() => {
    if (!result) return;
    if (result.ok) shopify.toast.show("Funnel saved");
    else {
      setServerErrors(result.fieldErrors ?? {});
      shopify.toast.show(result.message, { isError: true });
    }
  }, [result, shopify, setServerErrors]);
  useEffect(() => {
    if (!searchParams.get("saved")) return;
    shopify.toast.show(searchParams.get("upgrade") ? "Subscription upgrade saved" : "Funnel saved");
    // Shown once: left in the URL, the toast came back after every later save or activation.
    setSearchParams(
      (params) => {
        params.delete("saved");
        params.delete("upgrade");
        return params;
      },
      { replace: true, preventScrollReset: true },
    );
  }, [searchParams, setSearchParams, shopify]);

  // Warnings and the preview follow the draft a beat behind typing, so keystrokes stay instant (INP).
  const deferred = useDeferredValue(draft);
  const definition = useMemo(() => previewDefinition(deferred, currency), [deferred, currency]);
  const provider = upgrades.available ? upgrades.provider : null;
  const warnings = useMemo(() => {
    const reach = { ...funnelReach(definition), id: funnel?.id ?? "new", createdAt: funnel?.createdAt ?? UNSAVED_CREATED_AT };
    const shadowed = shadowedFunnelWarning(reach, competitors);
    const rest = funnelWarnings(definition, { provider });
    return shadowed ? [shadowed, ...rest] : rest;
  }, [definition, funnel, competitors, provider]);
  const names = useMemo(() => offerNumbers(draft.offers), [draft.offers]);
  const previewed = deferred.offers.find((o) => o.id === previewId) ?? deferred.offers[0];
  const previewDefinitionOffer = useMemo(() => (previewed ? previewOffer(previewed, currency) : null), [previewed, currency]);
  const { change, updateOffer, addOffer, removeOffer } = editor;
  const changeDetails = useCallback((patch: Partial<Pick<EditorDraft, "name" | "status" | "priority">>) => change((d) => ({ ...d, ...patch })), [change]);
  const changeTriggers = useCallback((patch: Partial<EditorDraft["triggers"]>) => change((d) => ({ ...d, triggers: { ...d.triggers, ...patch } })), [change]);
  const onAdd = useCallback<OfferTreeProps["onAdd"]>((kind, parentId, branch) => setPreviewId(addOffer(kind, parentId, branch)), [addOffer]);
  const onOfferChange = useCallback<OfferTreeProps["onChange"]>((offer) => updateOffer(offer.id, () => offer), [updateOffer]);
  const errorCount = Object.keys(errors).length;

  const save = (continueTo?: WizardTarget) => {
    if (!editor.validate()) return;
    leaving.current = funnel === null || continueTo !== undefined;
    submit(JSON.stringify({ intent: "save", draft, continueTo }), { method: "post", encType: "application/json" });
  };
  const post = (intent: "delete" | "duplicate") => {
    leaving.current = true;
    submit({ intent }, { method: "post" });
  };
  const funnelId = funnel?.id ?? null;
  // The wizard works on the saved funnel: with unsaved changes, save first and continue there.
  const saveRef = useRef(save);
  saveRef.current = save;
  const openWizard = useCallback<OfferTreeProps["openWizard"]>(
    (target) => {
      if (dirty) saveRef.current(target);
      else navigate(wizardPath(funnelId ?? "new", target));
    },
    [dirty, funnelId, navigate],
  );
  const badge = statusBadge(funnel?.status ?? "draft");

  return (
    <Page
      title={funnel ? funnel.name : "New funnel"}
      titleMetadata={funnel ? <Badge tone={badge.tone}>{badge.label}</Badge> : undefined}
      backAction={{ content: "Funnels", url: "/app/funnels" }}
      primaryAction={{ content: "Save", onAction: () => save(), loading: saving, disabled: !dirty && funnel !== null }}
      secondaryActions={
        funnel
          ? [
              { content: "Duplicate", onAction: () => post("duplicate"), disabled: dirty },
              { content: "Delete", destructive: true, onAction: () => setConfirmDelete(true) },
            ]
          : []
      }
    >
      <TitleBar title={funnel ? funnel.name : "New funnel"} />
      <SaveBar visible={dirty} saving={saving} onSave={() => save()} onDiscard={editor.discard} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {errorCount > 0 ? (
              <Banner tone="critical" title={errorCount === 1 ? "1 field needs your attention" : `${errorCount} fields need your attention`}>
                <p>The highlighted fields explain what to change.</p>
              </Banner>
            ) : null}
            {!upgrades.available && draft.offers.some((o) => o.kind === "subscription_upgrade") ? (
              <Banner tone="warning" title="Shoppers do not see this funnel's upgrade offers">
                <p>
                  {upgrades.message}{" "}
                  {upgrades.reason === "beta_off" ? null : <Link url="/app/settings/upgrades">Open Subscription Upgrades settings</Link>}
                </p>
              </Banner>
            ) : null}
            <FunnelWarnings warnings={warnings} offerNames={names} />
            <FunnelDetailsCard draft={draft} errors={errors} onChange={changeDetails} />
            <TriggersCard triggers={draft.triggers} errors={errors} onChange={changeTriggers} />
            {errors.offers ? <Banner tone="critical">{errors.offers}</Banner> : null}
            <OfferTree
              offers={draft.offers}
              names={names}
              currency={currency}
              errors={errors}
              upgrades={upgrades}
              previewId={previewed?.id ?? null}
              openWizard={openWizard}
              wizardSavesFirst={dirty}
              onAdd={onAdd}
              onChange={onOfferChange}
              onRemove={removeOffer}
              onPreview={setPreviewId}
            />
            {!upgrades.available && upgrades.reason !== "beta_off" && !draft.offers.some((o) => o.kind === "subscription_upgrade") ? (
              <Text as="p" tone="subdued">
                Subscription upgrades: {upgrades.message} <Link url="/app/settings/upgrades">Open settings</Link>
              </Text>
            ) : null}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {previewed ? `Preview: ${names.get(previewed.id)}` : "Preview"}
              </Text>
              {previewed && previewDefinitionOffer ? (
                <OfferPreview key={previewed.id} offer={previewDefinitionOffer} currency={currency} />
              ) : (
                <Text as="p" tone="subdued">
                  Add an offer to see it as shoppers will.
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
      {guard.modal}
      <ConfirmDeleteModal open={confirmDelete} names={[funnel?.name ?? ""]} onCancel={() => setConfirmDelete(false)} onConfirm={() => post("delete")} />
    </Page>
  );
}
