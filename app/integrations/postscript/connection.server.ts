/**
 * The shop's Postscript connection (PS-1): keyword, private API key, enabled events.
 *
 * - A new key is checked with an authenticated call before it is stored; so is the
 *   stored key whenever the integration is (re-)enabled. Save is refused otherwise.
 * - The key is stored AES-256-GCM encrypted and bound to the shop, exactly like a
 *   provider token (CONN-4): only its last four characters leave this module, and no log
 *   line carries it.
 */
import { AppError } from "~/lib/errors";
import type { PostscriptConnection, Shop } from "@prisma/client";
import { z } from "zod";
import prisma from "~/db.server";
import { logger } from "~/logger.server";
import { recordAudit, type AuditActor } from "~/audit/audit.server";
import { DecryptionError, decryptSecret, encryptSecret, maskedSecret, secretTail } from "~/security/encryption.server";
import { secretContext } from "~/security/secret-columns.server";
import { createPostscriptClient, type KeyCheck, type PostscriptClientOptions } from "./client.server";
import { PostscriptEventTypeSchema, parseEnabledEvents, type PostscriptEventType } from "./event-types";

type ShopRef = Pick<Shop, "id" | "domain">;
/** Test seams: where the key check goes (defaults: POSTSCRIPT_API_URL, global fetch). */
export type ClientDeps = Omit<PostscriptClientOptions, "apiKey">;

export const POSTSCRIPT_AUDIT = {
  saved: "postscript_connection.saved",
  disconnected: "postscript_connection.disconnected",
} as const;

export const PostscriptKeySchema = z
  .string()
  .trim()
  .min(1, "Paste the private API key from Postscript › API")
  .max(512, "That is longer than a Postscript key: check what you pasted")
  .superRefine((key, ctx) => {
    if (key.startsWith("pk_")) ctx.addIssue({ code: "custom", message: "That is the public key. Uplift needs a private key (it starts with sk_)." });
    else if (!/^sk_[\x21-\x7e]+$/.test(key)) ctx.addIssue({ code: "custom", message: "A Postscript private API key starts with sk_ and has no spaces" });
  });

export const KeywordSchema = z
  .string()
  .trim()
  .min(1, "Enter your store's Postscript keyword")
  .max(50, "A keyword is at most 50 characters")
  .regex(/^\S+$/, "A keyword is one word, without spaces");

export const SaveSettingsSchema = z.object({
  enabled: z.boolean(),
  keyword: KeywordSchema,
  /** Absent or empty: keep the saved key. */
  apiKey: PostscriptKeySchema.optional(),
  events: z.array(PostscriptEventTypeSchema).max(20),
});
export type SaveSettingsInput = z.infer<typeof SaveSettingsSchema>;

/** What the browser sees: never the key, only its masked tail. */
export interface PostscriptSettingsView {
  enabled: boolean;
  keyword: string;
  apiKeyMasked: string;
  verifiedAt: string | null;
  enabledEvents: PostscriptEventType[];
  updatedAt: string;
}

/** Save refused: the key did not pass its check (state "invalid" or "unverifiable"). */
export class PostscriptKeyCheckError extends AppError {
  readonly code = "postscript_key_refused";
  readonly kind = "unprocessable" as const;
  constructor(readonly check: Exclude<KeyCheck, { state: "valid" }>) {
    super(check.message);
  }
}

export class PostscriptKeyRequiredError extends AppError {
  readonly code = "postscript_key_required";
  readonly kind = "invalid" as const;
  constructor(message = "Paste the private API key from Postscript › API to connect.") {
    super(message);
  }
}

/** The saved key, or a "paste it again" error when it can no longer be decrypted (key rotation gone wrong). */
function savedKey(row: PostscriptConnection): string {
  try {
    return decryptSecret(row.apiKeyCiphertext, { context: keyContext(row.shopId) });
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    throw new PostscriptKeyRequiredError("The saved key can no longer be read (Uplift's encryption key changed). Paste the private API key again.");
  }
}

const keyContext = secretContext.postscriptApiKey;

function toView(row: PostscriptConnection): PostscriptSettingsView {
  return {
    enabled: row.enabled,
    keyword: row.keyword,
    apiKeyMasked: maskedSecret(row.apiKeyLast4),
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    enabledEvents: parseEnabledEvents(row.enabledEvents),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const describe = (row: PostscriptConnection | null) =>
  row
    ? `${row.enabled ? "enabled" : "disabled"}, keyword ${row.keyword}, key ${maskedSecret(row.apiKeyLast4)}, events ${parseEnabledEvents(row.enabledEvents).join(",") || "none"}`
    : null;

export async function loadPostscriptSettings(shopId: string): Promise<PostscriptSettingsView | null> {
  const row = await prisma.postscriptConnection.findUnique({ where: { shopId } });
  return row ? toView(row) : null;
}

/** Checks a key with one authenticated call; never throws. */
export async function checkPostscriptKey(apiKey: string, deps: ClientDeps = {}): Promise<KeyCheck> {
  return createPostscriptClient({ ...deps, apiKey }).verifyKey();
}

/**
 * PS-1 Save. A pasted key is checked before anything is stored; with no key pasted the
 * saved one is kept, and checked again when the result is "enabled".
 */
export async function savePostscriptSettings(input: {
  shop: ShopRef;
  settings: SaveSettingsInput;
  actor: AuditActor;
  deps?: ClientDeps;
  now?: Date;
}): Promise<PostscriptSettingsView> {
  const { shop, settings } = input;
  const now = input.now ?? new Date();
  const existing = await prisma.postscriptConnection.findUnique({ where: { shopId: shop.id } });
  if (!settings.apiKey && !existing) throw new PostscriptKeyRequiredError();

  const key = settings.apiKey ?? savedKey(existing!);
  let verifiedAt = existing?.verifiedAt ?? null;
  if (settings.apiKey || settings.enabled) {
    const check = await checkPostscriptKey(key, input.deps);
    logger.info("postscript key checked", { shop: shop.domain, state: check.state });
    if (check.state !== "valid") throw new PostscriptKeyCheckError(check);
    verifiedAt = now;
  }

  const data = {
    enabled: settings.enabled,
    keyword: settings.keyword,
    enabledEvents: JSON.stringify(settings.events),
    verifiedAt,
    ...(settings.apiKey
      ? { apiKeyCiphertext: encryptSecret(settings.apiKey, { context: keyContext(shop.id) }), apiKeyLast4: secretTail(settings.apiKey) }
      : {}),
  };
  const saved = await prisma.$transaction(async (tx) => {
    const row = existing
      ? await tx.postscriptConnection.update({ where: { shopId: shop.id }, data })
      : await tx.postscriptConnection.create({
          data: { shopId: shop.id, apiKeyCiphertext: data.apiKeyCiphertext!, apiKeyLast4: data.apiKeyLast4!, ...data },
        });
    await recordAudit(
      { shopId: shop.id, shopDomain: shop.domain, actor: input.actor, action: POSTSCRIPT_AUDIT.saved, oldValue: describe(existing), newValue: describe(row) },
      tx,
    );
    return row;
  });
  logger.info("postscript connection saved", { shop: shop.domain, enabled: saved.enabled });
  return toView(saved);
}

/** Removes the connection and its key. Returns false when there was none. */
export async function disconnectPostscript(input: { shop: ShopRef; actor: AuditActor }): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.postscriptConnection.findUnique({ where: { shopId: input.shop.id } });
    if (!before) return false;
    await tx.postscriptConnection.delete({ where: { id: before.id } });
    await recordAudit(
      { shopId: input.shop.id, shopDomain: input.shop.domain, actor: input.actor, action: POSTSCRIPT_AUDIT.disconnected, oldValue: describe(before), newValue: null },
      tx,
    );
    return true;
  });
}

export interface PostscriptCredentials {
  apiKey: string;
  enabled: boolean;
  enabledEvents: PostscriptEventType[];
}

/** For delivery and "Send test": the decrypted key. Keep it in memory only. */
export async function loadPostscriptCredentials(shopId: string): Promise<PostscriptCredentials | null> {
  const row = await prisma.postscriptConnection.findUnique({ where: { shopId } });
  if (!row) return null;
  return {
    apiKey: decryptSecret(row.apiKeyCiphertext, { context: keyContext(shopId) }),
    enabled: row.enabled,
    enabledEvents: parseEnabledEvents(row.enabledEvents),
  };
}
