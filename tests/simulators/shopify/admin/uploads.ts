/**
 * stagedUploadsCreate: targets on the simulator itself. POST targets take a multipart
 * form (the parameters, then `file`), PUT targets take the raw bytes; either way the
 * `resourceUrl` then serves the file back, so it can be used as media `originalSource`.
 */
import { createHmac, randomUUID } from "node:crypto";
import type { StagedUpload } from "../store";
import type { AdminContext } from "./context";

export const STAGED_UPLOAD_PATH = "/__sim/staged-uploads";
export const STAGED_RESOURCE_PREFIX = "/__sim/staged/";

interface StagedUploadInput {
  filename: string;
  mimeType: string;
  resource: string;
  httpMethod?: "POST" | "PUT" | null;
  fileSize?: string | null;
}

/** Per-process key: signatures only need to prove the target came from this simulator. */
const SIGNING_KEY = randomUUID();
export const signUploadKey = (key: string): string => createHmac("sha256", SIGNING_KEY).update(key).digest("hex");

/** The upload key behind a resourceUrl this simulator issued, else null (an external URL). */
export function stagedResourceKey(ctx: AdminContext, url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.origin !== new URL(ctx.baseUrl).origin || !parsed.pathname.startsWith(STAGED_RESOURCE_PREFIX)) return null;
    return decodeURIComponent(parsed.pathname.slice(STAGED_RESOURCE_PREFIX.length));
  } catch {
    return null;
  }
}

const safeName = (filename: string) => filename.replace(/[^\w.-]+/g, "_");

export function stagedUploadsCreate(args: { input: StagedUploadInput[] }, ctx: AdminContext) {
  const userErrors: { field: string[]; message: string }[] = [];
  args.input.forEach((input, i) => {
    if (!input.filename.trim()) userErrors.push({ field: ["input", String(i), "filename"], message: "Filename can't be blank" });
    if (!input.mimeType.trim()) userErrors.push({ field: ["input", String(i), "mimeType"], message: "Mime type can't be blank" });
  });
  if (userErrors.length) return { stagedTargets: null, userErrors };

  const stagedTargets = args.input.map((input) => {
    const key = `tmp/${ctx.shop.id}/${input.resource.toLowerCase()}/${randomUUID()}/${safeName(input.filename)}`;
    const signature = signUploadKey(key);
    const httpMethod = input.httpMethod ?? "POST";
    const upload: StagedUpload = {
      key, filename: input.filename, mimeType: input.mimeType, signature, httpMethod, body: null, contentType: null, createdAt: new Date(),
    };
    ctx.shop.uploads.set(key, upload);
    const resourceUrl = `${ctx.baseUrl}${STAGED_RESOURCE_PREFIX}${key}`;
    if (httpMethod === "PUT") {
      return {
        url: `${resourceUrl}?signature=${signature}`,
        resourceUrl,
        parameters: [{ name: "content_type", value: input.mimeType }, { name: "acl", value: "private" }],
      };
    }
    return {
      url: `${ctx.baseUrl}${STAGED_UPLOAD_PATH}`,
      resourceUrl,
      parameters: [
        { name: "Content-Type", value: input.mimeType },
        { name: "success_action_status", value: "201" },
        { name: "acl", value: "private" },
        { name: "key", value: key },
        { name: "x-sim-signature", value: signature },
      ],
    };
  });
  return { stagedTargets, userErrors };
}
