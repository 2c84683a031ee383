import { useBeforeUnload, useBlocker } from "@remix-run/react";
import { useCallback, useEffect } from "react";

type BlockerFunction = Exclude<Parameters<typeof useBlocker>[0], boolean>;
import { Modal, Text } from "@shopify/polaris";

/**
 * Leaving with unsaved changes asks first: in-app navigation through a modal, a reload
 * or tab close through the browser's own prompt. `when` should be false while a save
 * (and its redirect) is under way.
 */
export function useUnsavedChangesGuard(when: boolean) {
  const shouldBlock = useCallback<BlockerFunction>(({ currentLocation, nextLocation }) => when && currentLocation.pathname !== nextLocation.pathname, [when]);
  const blocker = useBlocker(shouldBlock);
  useBeforeUnload(
    useCallback(
      (event: BeforeUnloadEvent) => {
        if (!when) return;
        event.preventDefault();
        event.returnValue = "";
      },
      [when],
    ),
  );
  useEffect(() => {
    if (blocker.state === "blocked" && !when) blocker.proceed();
  }, [blocker, when]);

  const modal = (
    <Modal
      open={blocker.state === "blocked"}
      onClose={() => blocker.reset?.()}
      title="Leave without saving?"
      primaryAction={{ content: "Leave page", destructive: true, onAction: () => blocker.proceed?.() }}
      secondaryActions={[{ content: "Stay", onAction: () => blocker.reset?.() }]}
    >
      <Modal.Section>
        <Text as="p">Your changes to this funnel are not saved. If you leave, they are lost.</Text>
      </Modal.Section>
    </Modal>
  );
  return { modal };
}
