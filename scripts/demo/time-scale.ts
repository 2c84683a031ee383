/**
 * The demo's clock for upgrade retries. Real retries wait 1 h and 24 h after the first
 * failure (JOB-2), too long to watch, so the demo speeds them up by DEMO_TIME_SCALE
 * (default 3600: 1 h = 1 s, 24 h = 24 s; 1 = real time). It only feeds the app's own
 * UPGRADE_RETRY_SCALE, which wins when set explicitly (the tests set it).
 */
import { z } from "zod";

const DEFAULT_SPEEDUP = 3600;

const SpeedupSchema = z.coerce
  .number({ error: "must be a number" })
  .min(1, "must be at least 1 (1 = real time)")
  .max(360_000, "must be at most 360000 (1 h = 10 ms)");

export interface DemoTimeScale {
  /** How many times faster than real time retries run. */
  speedup: number;
  /** The value for UPGRADE_RETRY_SCALE (a ratio ≤ 1). */
  retryScale: number;
  /** "1 h = 1 s, 24 h = 24 s" */
  summary: string;
}

export function demoTimeScale(env: Partial<Record<string, string>> = process.env): DemoTimeScale {
  const explicit = env.UPGRADE_RETRY_SCALE;
  let speedup: number;
  if (explicit) {
    speedup = 1 / Number(explicit);
  } else {
    const parsed = SpeedupSchema.safeParse(env.DEMO_TIME_SCALE || DEFAULT_SPEEDUP);
    if (!parsed.success) {
      throw new Error(`DEMO_TIME_SCALE ${parsed.error.issues[0]?.message}; e.g. DEMO_TIME_SCALE=3600 npm run demo turns 1 h into 1 s.`);
    }
    speedup = parsed.data;
  }
  return { speedup, retryScale: 1 / speedup, summary: `1 h = ${duration(3600 / speedup)}, 24 h = ${duration(86_400 / speedup)}` };
}

function duration(seconds: number): string {
  if (seconds >= 3600) return `${round(seconds / 3600)} h`;
  if (seconds >= 60) return `${round(seconds / 60)} min`;
  if (seconds >= 1) return `${round(seconds)} s`;
  return `${Math.round(seconds * 1000)} ms`;
}

const round = (n: number) => String(Math.round(n * 10) / 10);
