/** SignedChangeset's JSON columns, written and read only through their schemas (ADR 0009). */
import type { SignedChangeset } from "@prisma/client";
import { ChangesetSnapshotSchema, SignedChangesSchema, type ChangesetSnapshot } from "~/domain/changeset-snapshot";
import type { PostPurchaseChange } from "~/domain/changeset";
import { defineJsonColumn } from "~/lib/json-column";

export const changesetSnapshotColumn = defineJsonColumn("SignedChangeset.snapshot", ChangesetSnapshotSchema);
export const signedChangesColumn = defineJsonColumn("SignedChangeset.changes", SignedChangesSchema);

export const parseSnapshot = (row: Pick<SignedChangeset, "snapshot">): ChangesetSnapshot => changesetSnapshotColumn.parse(row.snapshot);
export const parseChanges = (row: Pick<SignedChangeset, "changes">): PostPurchaseChange[] => signedChangesColumn.parse(row.changes);
export type { ChangesetSnapshot };
