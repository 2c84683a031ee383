import { useEffect, useMemo, useRef, useState } from "react";
import { useActionData, useFetcher, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, InlineStack, Layout, Page } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { validateCreateFields, validateStep, WIZARD_STEPS, type WizardContext, type WizardErrors, type WizardState, type WizardStep } from "~/domain/wizard-validation";
import { targetsUpgrade } from "~/domain/wizard-draft";
import { useUnsavedChangesGuard } from "~/components/funnels/useUnsavedChangesGuard";
import { ConfigureStep } from "./ConfigureStep";
import { OfferStep } from "./OfferStep";
import { SummaryStep } from "./SummaryStep";
import { TriggerStep } from "./TriggerStep";
import type { WizardActionResult, WizardProps } from "./types";
import { usePlans } from "./usePlans";
import { WizardSteps } from "./WizardSteps";

const NO_ERRORS: WizardErrors = { trigger: {}, offer: {}, configure: {} };

/** WIZ-1..8: trigger product › offer product › configure › summary, each step checked before Next. */
export function UpgradeWizard(props: WizardProps) {
  const { provider, currency, placement, funnelId } = props;
  const [state, setState] = useState<WizardState>(props.state);
  const [step, setStep] = useState<WizardStep>("trigger");
  const [errors, setErrors] = useState<WizardErrors>(NO_ERRORS);
  const [file, setFile] = useState<File | null>(null);
  const [recommended, setRecommended] = useState(true);
  const [formError, setFormError] = useState<string | null>(null);
  const created = useFetcher<WizardActionResult>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const saved = useActionData<WizardActionResult>();
  const { plans, reload } = usePlans(state.trigger?.id ?? null);
  const leaving = useRef(false);
  const initial = useMemo(() => JSON.stringify(props.state), [props.state]);
  const dirty = JSON.stringify(state) !== initial || file !== null;
  const saving = navigation.state !== "idle" && navigation.formMethod?.toUpperCase() === "POST";
  const guard = useUnsavedChangesGuard(dirty && !saving && !leaving.current);
  const ctx: WizardContext = { provider, currency, providerPlans: plans.productId === state.trigger?.id ? plans.plans : null };
  const stepIndex = WIZARD_STEPS.indexOf(step);
  const previous = WIZARD_STEPS[stepIndex - 1];
  const backUrl = funnelId === "new" ? "/app/funnels/new" : `/app/funnels/${funnelId}`;

  useEffect(() => {
    const data = created.data;
    if (data?.intent !== "createProduct") return;
    if (data.ok) {
      setState((s) => ({ ...s, offerProduct: data.product }));
      setErrors((e) => ({ ...e, offer: {} }));
      setStep("configure");
    } else setErrors((e) => ({ ...e, offer: { offerProduct: data.message, ...(data.fieldErrors ?? {}) } }));
  }, [created.data]);

  useEffect(() => {
    if (!saved || saved.ok) return;
    leaving.current = false;
    setFormError(saved.message);
    if (saved.intent === "save" && saved.errors) {
      setErrors(saved.errors);
      if (saved.firstInvalidStep) setStep(saved.firstInvalidStep as WizardStep);
    }
  }, [saved]);

  const update = (patch: Partial<WizardState>) => setState((s) => ({ ...s, ...patch }));
  const updateConfig = (patch: Partial<WizardState["config"]>) => setState((s) => ({ ...s, config: { ...s.config, ...patch } }));
  const currentErrors = step === "summary" ? {} : errors[step];
  const hasErrors = Object.keys(currentErrors).length > 0;

  // Once a step showed errors, they follow every change, so a fixed field clears at once.
  const stepErrors = (at: WizardStep, s: WizardState) => {
    if (at === "offer" && s.offerTab === "create" && !s.offerProduct) return validateCreateFields({ ...s.create, hasImage: file !== null }, currency);
    return validateStep(at, s, ctx);
  };
  useEffect(() => {
    if (!hasErrors || step === "summary") return;
    setErrors((e) => ({ ...e, [step]: stepErrors(step, state) }));
    // Only the merchant's input should re-run the check, not the errors it sets.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state, file]);

  const next = () => {
    setFormError(null);
    if (step === "offer" && state.offerTab === "create" && !state.offerProduct) {
      const fieldErrors = stepErrors("offer", state);
      setErrors((e) => ({ ...e, offer: fieldErrors }));
      if (Object.keys(fieldErrors).length > 0) return;
      const form = new FormData();
      form.set("title", state.create.title);
      form.set("price", state.create.price);
      if (file) form.set("image", file);
      created.submit(form, { method: "post", encType: "multipart/form-data" });
      return;
    }
    const found = validateStep(step, state, ctx);
    if (step !== "summary") setErrors((e) => ({ ...e, [step]: found }));
    if (Object.keys(found).length > 0) return;
    const following = WIZARD_STEPS[stepIndex + 1];
    if (following) setStep(following);
  };
  const save = () => {
    leaving.current = true;
    const targeted = state.trigger ? targetsUpgrade(props.triggers, state.trigger.id) : false;
    submit(JSON.stringify({ intent: "save", state, placement, recommendedTriggers: recommended && !targeted }), { method: "post", encType: "application/json" });
  };

  return (
    <Page title="Set up a subscription upgrade" subtitle={props.funnelName ? `In funnel “${props.funnelName}”` : "Creates a new funnel"} backAction={{ content: "Funnel", url: backUrl }}>
      <TitleBar title="Set up a subscription upgrade" />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="500">
              <WizardSteps steps={WIZARD_STEPS} current={step} />
              {formError ? <Banner tone="critical" onDismiss={() => setFormError(null)}>{formError}</Banner> : null}
              {step === "trigger" ? (
                <TriggerStep
                  trigger={state.trigger}
                  errors={currentErrors}
                  onChange={(trigger) => update({ trigger, offerProduct: state.offerProduct?.id === trigger.id ? null : state.offerProduct, config: { ...state.config, providerSellingPlanId: null } })}
                />
              ) : null}
              {step === "offer" ? <OfferStep state={state} currency={currency} file={file} errors={currentErrors} onFile={setFile} onChange={update} /> : null}
              {step === "configure" ? <ConfigureStep provider={provider} currency={currency} state={state} plans={plans} errors={currentErrors} onReloadPlans={reload} onChange={updateConfig} /> : null}
              {step === "summary" ? (
                <SummaryStep
                  state={state}
                  ctx={ctx}
                  funnelName={props.funnelName}
                  alreadyTargeted={state.trigger ? targetsUpgrade(props.triggers, state.trigger.id) : false}
                  recommendedTriggers={recommended}
                  onRecommendedTriggers={setRecommended}
                />
              ) : null}
              <Box paddingBlockStart="200" borderBlockStartWidth="025" borderColor="border">
                <InlineStack align="space-between">
                  <Button url={previous ? undefined : backUrl} onClick={previous ? () => setStep(previous) : undefined}>
                    {previous ? "Back" : "Cancel"}
                  </Button>
                  {step === "summary" ? (
                    <Button variant="primary" onClick={save} loading={saving}>
                      Save upgrade
                    </Button>
                  ) : (
                    <Button variant="primary" onClick={next} loading={created.state !== "idle"}>
                      {step === "offer" && state.offerTab === "create" && !state.offerProduct ? "Create product and continue" : "Next"}
                    </Button>
                  )}
                </InlineStack>
              </Box>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
      {guard.modal}
    </Page>
  );
}
