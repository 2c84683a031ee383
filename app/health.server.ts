import prisma from "./db.server";
import { createRedis } from "./redis.server";

export interface HealthReport {
  ok: boolean;
  database: "up" | "down";
  redis: "up" | "down";
}

const within = <T,>(ms: number, work: Promise<T>) =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);

export async function checkHealth(timeoutMs = 2000): Promise<HealthReport> {
  const database = await within(timeoutMs, prisma.$queryRawUnsafe("SELECT 1"))
    .then(() => "up" as const)
    .catch(() => "down" as const);
  // A fresh short-lived connection: a shared one would report "up" from a stale state.
  const redisClient = createRedis({ lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  const redis = await within(timeoutMs, redisClient.connect().then(() => redisClient.ping()))
    .then(() => "up" as const)
    .catch(() => "down" as const)
    .finally(() => redisClient.disconnect());
  return { ok: database === "up" && redis === "up", database, redis };
}
