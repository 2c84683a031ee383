import { useCallback, useMemo, useRef, useState } from "react";
import { type EditorDraft, type EditorOffer, type FieldErrors } from "~/domain/funnel-editor-schemas";
import { validateFunnelDraft } from "~/domain/funnel-editor-validation";
import type { OfferKind } from "~/domain/funnel-schemas";

/** Descendants of an offer (its accept and decline subtrees). */
function subtree(offers: EditorOffer[], id: string): Set<string> {
  const ids = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const offer of offers) {
      if (offer.parentId && ids.has(offer.parentId) && !ids.has(offer.id)) {
        ids.add(offer.id);
        grew = true;
      }
    }
  }
  return ids;
}

/**
 * The editor's state: the draft, whether it differs from what was loaded (the save bar
 * and the leave guard), and field errors. Errors appear after the first Save and then
 * follow every change, so a fixed field clears at once.
 */
export function useFunnelDraft(initial: EditorDraft, currency: string) {
  const [draft, setDraft] = useState<EditorDraft>(initial);
  const baseline = useMemo(() => JSON.stringify(initial), [initial]);
  const [showErrors, setShowErrors] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const nextId = useRef(0);

  const dirty = useMemo(() => JSON.stringify(draft) !== baseline, [draft, baseline]);
  const clientErrors = useMemo(() => {
    if (!showErrors) return {};
    const result = validateFunnelDraft(draft, { currency });
    return result.ok ? {} : result.fieldErrors;
  }, [draft, currency, showErrors]);
  const errors = useMemo(() => ({ ...serverErrors, ...clientErrors }), [serverErrors, clientErrors]);

  const change = useCallback((fn: (d: EditorDraft) => EditorDraft) => {
    setServerErrors({});
    setDraft(fn);
  }, []);

  const updateOffer = useCallback(
    (id: string, fn: (offer: EditorOffer) => EditorOffer) => change((d) => ({ ...d, offers: d.offers.map((o) => (o.id === id ? fn(o) : o)) })),
    [change],
  );

  const addOffer = useCallback(
    (kind: Exclude<OfferKind, "subscription_upgrade">, parentId: string | null, branch: "accept" | "decline" | null) => {
      nextId.current += 1;
      const id = `new-${Date.now().toString(36)}-${nextId.current}`;
      const offer: EditorOffer = {
        id,
        parentId,
        branch,
        kind,
        headline: "",
        body: "",
        purchaseOption: kind === "subscription_upsell" ? "both" : "one_time",
        defaultOption: kind === "subscription_upsell" ? "subscription" : "one_time",
        lockedSellingPlanId: null,
        discount: { type: "none", value: "" },
        items: [],
      };
      change((d) => ({ ...d, offers: [...d.offers, offer] }));
      return id;
    },
    [change],
  );

  const removeOffer = useCallback(
    (id: string) =>
      change((d) => {
        const gone = subtree(d.offers, id);
        return { ...d, offers: d.offers.filter((o) => !gone.has(o.id)) };
      }),
    [change],
  );

  /** Runs the shared validation; true when the draft may be sent. */
  const validate = useCallback(() => {
    setShowErrors(true);
    return validateFunnelDraft(draft, { currency }).ok;
  }, [draft, currency]);

  return {
    draft,
    dirty,
    errors,
    change,
    updateOffer,
    addOffer,
    removeOffer,
    validate,
    setServerErrors,
    discard: () => {
      // The loaded draft itself: offers nobody touched keep their identity, so their cards skip re-rendering.
      setDraft(initial);
      setShowErrors(false);
      setServerErrors({});
    },
  };
}

export type FunnelDraftState = ReturnType<typeof useFunnelDraft>;
