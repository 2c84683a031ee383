/**
 * What a failed browser test shows: the page's console and errors, every request that
 * failed, answered 5xx or took over 2 s, and the tail of the demo's log. A stall is then
 * a named request, not a 30 s timeout with no story.
 */
import type { Page } from "playwright-core";
import type { DemoStack } from "./demo-stack";

const KEEP = 200;
const SLOW_MS = 2000;

export interface PageDiagnostics {
  attach(page: Page): void;
  /** For afterEach: prints everything recorded when the test failed. */
  reportIfFailed(context: { task: { result?: { state?: string } } }, demo: DemoStack | undefined): void;
}

export function pageDiagnostics(): PageDiagnostics {
  const lines: string[] = [];
  const push = (line: string) => {
    lines.push(`${new Date().toISOString()} ${line}`);
    if (lines.length > KEEP) lines.shift();
  };
  return {
    attach(page) {
      const started = new WeakMap<object, number>();
      const took = (request: object) => Date.now() - (started.get(request) ?? Date.now());
      page.on("console", (message) => push(`console.${message.type()}: ${message.text()}`));
      page.on("pageerror", (error) => push(`pageerror: ${error.message}`));
      page.on("request", (request) => started.set(request, Date.now()));
      page.on("requestfailed", (request) => push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText}) after ${took(request)} ms`));
      page.on("response", (response) => {
        const ms = took(response.request());
        if (response.status() >= 500 || ms > SLOW_MS) push(`response ${response.status()} ${response.request().method()} ${response.url()} in ${ms} ms`);
      });
    },
    reportIfFailed(context, demo) {
      if (context.task.result?.state !== "fail") return;
      console.error(`--- page (last ${lines.length} events) ---\n${lines.join("\n")}\n--- demo log (tail) ---\n${demo?.logs().slice(-4000) ?? "(no demo)"}`);
    },
  };
}
