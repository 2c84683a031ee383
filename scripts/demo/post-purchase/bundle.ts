/**
 * Bundles the local post-purchase page's browser script with esbuild, once per process.
 * It imports the same flow, driver and client modules as the checkout extension.
 */
import path from "node:path";
import { build } from "esbuild";

let bundled: Promise<string> | undefined;

export function bundleClient(): Promise<string> {
  bundled ??= build({
    entryPoints: [path.join(import.meta.dirname, "client.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    minify: true,
    write: false,
    logLevel: "silent",
  }).then((result) => {
    const [output] = result.outputFiles;
    if (!output) throw new Error("esbuild wrote no output for the post-purchase page's client.ts");
    return output.text;
  });
  return bundled;
}
