import { PassThrough } from "stream";
import { renderToPipeableStream } from "react-dom/server";
import { RemixServer } from "@remix-run/react";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { isbot } from "isbot";
import { tuneSqlite } from "./lib/db-retry.server";
import { addDocumentResponseHeaders } from "./shopify.server";

// On SQLite the web process commits too (signed changesets, acceptances, impressions): same
// WAL + synchronous=NORMAL as the worker, so a commit does not block the event loop on an
// fsync (bench:offer; the trade-off is in lib/db-retry.server.ts). A no-op on PostgreSQL.
void tuneSqlite();

export const streamTimeout = 5000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  const userAgent = request.headers.get("user-agent");
  const callbackName = isbot(userAgent ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    // Let the rejection happen after the stream timeout so React can flush what it has.
    setTimeout(abort, streamTimeout + 1000);
  });
}
