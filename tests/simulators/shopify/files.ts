/**
 * Files the simulator serves itself: staged-upload targets and their resources, and
 * placeholder art for the demo catalog's `/demo-images/*.svg` paths.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { signUploadKey, STAGED_RESOURCE_PREFIX } from "./admin/uploads";
import { HttpError, readBody, send } from "./http";
import type { ShopState, StagedUpload } from "./store";

const xml = (res: ServerResponse, status: number, body: string) => send(res, status, `<?xml version="1.0" encoding="UTF-8"?>${body}`, "application/xml");
const denied = (res: ServerResponse, message: string) => xml(res, 403, `<Error><Code>AccessDenied</Code><Message>${message}</Message></Error>`);

function findUpload(shops: Iterable<ShopState>, key: string): StagedUpload | undefined {
  for (const shop of shops) {
    const upload = shop.uploads.get(key);
    if (upload) return upload;
  }
  return undefined;
}

/** The POST target: a multipart form like Google Cloud Storage's, `file` last. */
export async function receiveMultipartUpload(req: IncomingMessage, res: ServerResponse, shops: Iterable<ShopState>, baseUrl: string): Promise<void> {
  const contentType = req.headers["content-type"] ?? "";
  if (!contentType.startsWith("multipart/form-data")) throw new HttpError(400, "Expected multipart/form-data");
  const bytes = await readBody(req);
  const body = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  // The Fetch API's multipart parser, so uploads are parsed like a real storage endpoint would.
  const form = await new Request("http://simulator.invalid/", { method: "POST", headers: { "content-type": contentType }, body }).formData();
  const key = String(form.get("key") ?? "");
  const upload = findUpload(shops, key);
  if (!upload || upload.httpMethod !== "POST" || form.get("x-sim-signature") !== signUploadKey(key)) return denied(res, "Invalid upload key or signature");
  const file = form.get("file");
  if (!(file instanceof Blob)) return xml(res, 400, "<Error><Code>InvalidArgument</Code><Message>Missing file field</Message></Error>");
  upload.body = Buffer.from(await file.arrayBuffer());
  upload.contentType = String(form.get("Content-Type") ?? "") || file.type || upload.mimeType;
  const location = `${baseUrl}${STAGED_RESOURCE_PREFIX}${key}`;
  if (form.get("success_action_status") === "201") {
    return xml(res, 201, `<PostResponse><Location>${location}</Location><Key>${key}</Key><ETag>"${createHash("md5").update(upload.body).digest("hex")}"</ETag></PostResponse>`);
  }
  res.writeHead(204).end();
}

/** PUT target and GET resource share the resource path. */
export async function handleStagedResource(req: IncomingMessage, res: ServerResponse, url: URL, shops: Iterable<ShopState>): Promise<void> {
  const key = decodeURIComponent(url.pathname.slice(STAGED_RESOURCE_PREFIX.length));
  const upload = findUpload(shops, key);
  if (req.method === "PUT") {
    if (!upload || upload.httpMethod !== "PUT" || url.searchParams.get("signature") !== signUploadKey(key)) return denied(res, "Invalid upload key or signature");
    upload.body = await readBody(req);
    upload.contentType = req.headers["content-type"] ?? upload.mimeType;
    return void res.writeHead(200).end();
  }
  if (req.method !== "GET" && req.method !== "HEAD") throw new HttpError(405, "Method not allowed");
  if (!upload?.body) return xml(res, 404, "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>");
  send(res, 200, req.method === "HEAD" ? Buffer.alloc(0) : upload.body, upload.contentType ?? upload.mimeType, { "Cache-Control": "no-store" });
}

const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c] ?? c);

/** A square placeholder naming the picture, tinted by its name. */
export function demoImage(res: ServerResponse, name: string): void {
  const hue = createHash("sha1").update(name).digest().readUInt8(0) * 360 / 256;
  const label = escapeXml(name.replace(/[-_]+/g, " "));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">`
    + `<rect width="800" height="800" fill="hsl(${hue.toFixed(0)},45%,82%)"/>`
    + `<text x="400" y="420" font-family="sans-serif" font-size="64" text-anchor="middle" fill="#333">${label}</text></svg>`;
  send(res, 200, svg, "image/svg+xml", { "Cache-Control": "public, max-age=3600" });
}
