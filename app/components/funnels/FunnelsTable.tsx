import { useMemo } from "react";
import { Badge, BlockStack, Button, ButtonGroup, IndexTable, InlineStack, Link, Text, useIndexResourceState } from "@shopify/polaris";
import { ArrowDownIcon, ArrowUpIcon, DeleteIcon, DuplicateIcon } from "@shopify/polaris-icons";
import type { FunnelListRow } from "./types";
import { offerKindLabel, statusBadge, triggerSummary } from "./labels";

interface Props {
  funnels: FunnelListRow[];
  busy: boolean;
  onStatus(ids: string[], active: boolean): void;
  onDelete(ids: string[]): void;
  onDuplicate(id: string): void;
  onMove(id: string, direction: "up" | "down"): void;
}

/** FUN-1: every funnel in priority order (top fires first, FUN-3), with bulk activate/deactivate/delete. */
export function FunnelsTable({ funnels, busy, onStatus, onDelete, onDuplicate, onMove }: Props) {
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(funnels.map((f) => ({ id: f.id })));
  const selected = allResourcesSelected ? funnels.map((f) => f.id) : selectedResources;
  const bulk = (fn: (ids: string[]) => void) => () => {
    fn(selected);
    clearSelection();
  };

  // Selecting a row re-renders the table: the cells stay the same elements, so React skips them (INP).
  const cells = useMemo(
    () =>
      funnels.map((funnel, index) => {
        const badge = statusBadge(funnel.status);
        return (
          <>
            <IndexTable.Cell>
              <StopPropagation>
                <InlineStack gap="100" blockAlign="center" wrap={false}>
                  {/* The number the editor's Priority field holds: one meaning everywhere (FUN-3). */}
                  <Text as="span" numeric>
                    {funnel.priority}
                  </Text>
                  <ButtonGroup variant="segmented">
                    <Button
                      size="micro"
                      icon={ArrowUpIcon}
                      accessibilityLabel={`Move ${funnel.name} up`}
                      disabled={index === 0 || busy}
                      onClick={() => onMove(funnel.id, "up")}
                    />
                    <Button
                      size="micro"
                      icon={ArrowDownIcon}
                      accessibilityLabel={`Move ${funnel.name} down`}
                      disabled={index === funnels.length - 1 || busy}
                      onClick={() => onMove(funnel.id, "down")}
                    />
                  </ButtonGroup>
                </InlineStack>
              </StopPropagation>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <BlockStack gap="050">
                <Link url={`/app/funnels/${funnel.id}`} dataPrimaryLink monochrome removeUnderline>
                  <Text as="span" fontWeight="semibold">
                    {funnel.name}
                  </Text>
                </Link>
                {funnel.neverFiresBecause ? (
                  <Text as="span" tone="caution" variant="bodySm">
                    Never fires: &ldquo;{funnel.neverFiresBecause.name}&rdquo; ranks higher and matches every order this one does.
                  </Text>
                ) : null}
                {funnel.providerIssues.length > 0 ? (
                  // Issue 13 §6: these upgrades no longer show at checkout; the editor says why and how to fix it.
                  <Text as="p" tone="critical" variant="bodySm">
                    {funnel.providerIssues.length === 1 ? "1 upgrade no longer shows at checkout" : `${funnel.providerIssues.length} upgrades no longer show at checkout`}: {funnel.providerIssues[0]?.reason} {funnel.providerIssues[0]?.fix}
                  </Text>
                ) : null}
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Badge tone={badge.tone}>{badge.label}</Badge>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" tone={funnel.showToAll ? "caution" : undefined}>
                {triggerSummary(funnel)}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              {funnel.offerCount === 0 ? (
                <Text as="span" tone="subdued">
                  No offers yet
                </Text>
              ) : (
                `${funnel.offerCount} · ${funnel.offerKinds.map(offerKindLabel).join(", ")}`
              )}
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {funnel.impressions}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {funnel.accepts}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <StopPropagation>
                <ButtonGroup>
                  <Button
                    variant="tertiary"
                    icon={DuplicateIcon}
                    accessibilityLabel={`Duplicate ${funnel.name}`}
                    onClick={() => onDuplicate(funnel.id)}
                    disabled={busy}
                  />
                  <Button
                    variant="tertiary"
                    tone="critical"
                    icon={DeleteIcon}
                    accessibilityLabel={`Delete ${funnel.name}`}
                    onClick={() => onDelete([funnel.id])}
                    disabled={busy}
                  />
                </ButtonGroup>
              </StopPropagation>
            </IndexTable.Cell>
          </>
        );
      }),
    [funnels, busy, onMove, onDuplicate, onDelete]
  );

  return (
    <IndexTable
      resourceName={{ singular: "funnel", plural: "funnels" }}
      itemCount={funnels.length}
      selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
      onSelectionChange={handleSelectionChange}
      loading={busy}
      promotedBulkActions={[
        { content: "Activate", onAction: bulk((ids) => onStatus(ids, true)) },
        { content: "Deactivate", onAction: bulk((ids) => onStatus(ids, false)) },
      ]}
      bulkActions={[{ content: "Delete funnels", onAction: bulk(onDelete) }]}
      headings={[
        { title: "Priority" },
        { title: "Name" },
        { title: "Status" },
        { title: "Triggers" },
        { title: "Offers" },
        { title: "Offer views", alignment: "end" },
        { title: "Accepted", alignment: "end" },
        { title: "Actions", hidden: true },
      ]}
    >
      {funnels.map((funnel, index) => (
        <IndexTable.Row id={funnel.id} key={funnel.id} position={index} selected={selected.includes(funnel.id)}>
          {cells[index]}
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}

/** Buttons inside a row must not also select the row. */
function StopPropagation({ children }: { children: React.ReactNode }) {
  return (
    <div onClick={(event) => event.stopPropagation()} onKeyDown={(event) => event.stopPropagation()}>
      {children}
    </div>
  );
}
