import { describe, expect, it } from "vitest";
import { demoTimeScale } from "../../scripts/demo/time-scale";

describe("the demo's retry clock (DEMO_TIME_SCALE)", () => {
  it.each([
    ["JOB-2: by default the demo turns 1 h into 1 s and 24 h into 24 s", {}, 3600, "1 h = 1 s, 24 h = 24 s"],
    ["JOB-2: DEMO_TIME_SCALE=60 turns 1 h into 1 min", { DEMO_TIME_SCALE: "60" }, 60, "1 h = 1 min, 24 h = 24 min"],
    ["JOB-2: DEMO_TIME_SCALE=1 keeps real time", { DEMO_TIME_SCALE: "1" }, 1, "1 h = 1 h, 24 h = 24 h"],
    ["JOB-2: an explicit UPGRADE_RETRY_SCALE wins (the tests set it)", { DEMO_TIME_SCALE: "60", UPGRADE_RETRY_SCALE: String(1 / 36_000) }, 36_000, "1 h = 100 ms, 24 h = 2.4 s"],
  ])("%s", (_name, env, speedup, summary) => {
    const clock = demoTimeScale(env);
    expect(clock.speedup).toBeCloseTo(speedup, 6);
    expect(clock.retryScale).toBeCloseTo(1 / speedup, 12);
    expect(clock.summary).toBe(summary);
  });

  it.each([["0"], ["fast"], ["1000000"]])("refuses DEMO_TIME_SCALE=%s with what to set instead", (value) => {
    expect(() => demoTimeScale({ DEMO_TIME_SCALE: value })).toThrow(/DEMO_TIME_SCALE must .*DEMO_TIME_SCALE=3600 npm run demo/);
  });
});
