/**
 * Errors the post-purchase endpoints answer with, each with its exact status
 * (STYLE.md habit 7) and a machine-readable code; JSON responses with CORS, because
 * the checkout extension calls from Shopify's origin.
 */
import type { ZodError } from "zod";
import { zodIssues } from "~/lib/zod-issues";
import type { ApiErrorBody } from "../contract/api";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const badRequest = (code: string, message: string) => new ApiError(400, code, message);
export const forbidden = (code: string, message: string) => new ApiError(403, code, message);
export const notFound = (code: string, message: string) => new ApiError(404, code, message);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);

export const zodMessage = (error: ZodError): string => zodIssues(error, "body");

/** Bearer-token API without cookies: any origin may call it, the token is the credential. */
export function withCors(response: Response): Response {
  response.headers.set("Access-Control-Allow-Origin", "*");
  response.headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
  response.headers.set("Access-Control-Allow-Methods", "POST, OPTIONS");
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export function jsonResponse(body: unknown, status = 200): Response {
  return withCors(new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }));
}

export function errorResponse(status: number, code: string, message: string): Response {
  const body: ApiErrorBody = { error: { code, message } };
  return jsonResponse(body, status);
}
