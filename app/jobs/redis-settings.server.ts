/**
 * BullMQ keeps its queues in Redis: with an eviction policy Redis may delete job keys
 * under memory pressure, and without persistence a restart loses them. The reconciler
 * repairs both, but production should not lean on it (docs: NOTES/README "Redis").
 */
import type { Redis } from "ioredis";
import { logger } from "~/logger.server";

export interface RedisDurability {
  maxmemoryPolicy: string | null;
  appendonly: string | null;
  problems: string[];
}

async function configValue(redis: Redis, name: string): Promise<string | null> {
  const reply = (await redis.config("GET", name)) as string[];
  return reply[1] ?? null;
}

/** Reads the two settings BullMQ needs; managed Redis may refuse CONFIG, which is a problem too. */
export async function checkRedisDurability(redis: Redis): Promise<RedisDurability> {
  try {
    const [maxmemoryPolicy, appendonly] = await Promise.all([configValue(redis, "maxmemory-policy"), configValue(redis, "appendonly")]);
    const problems: string[] = [];
    if (maxmemoryPolicy !== "noeviction") problems.push(`maxmemory-policy is "${maxmemoryPolicy}": set it to "noeviction" so Redis never deletes queued jobs`);
    if (appendonly !== "yes") problems.push(`appendonly is "${appendonly}": set "appendonly yes" (AOF) so a restart keeps queued jobs`);
    return { maxmemoryPolicy, appendonly, problems };
  } catch (error) {
    return { maxmemoryPolicy: null, appendonly: null, problems: [`could not read Redis settings (${(error as Error).message}); check maxmemory-policy noeviction and appendonly yes with your provider`] };
  }
}

/** The worker's boot check: a warning per problem, never a refusal to start. */
export async function warnAboutRedisDurability(redis: Redis): Promise<RedisDurability> {
  const result = await checkRedisDurability(redis);
  for (const problem of result.problems) logger.warn(`Redis: ${problem}`);
  return result;
}
