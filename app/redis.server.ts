/** ioredis connections. BullMQ workers need maxRetriesPerRequest: null (feasibility.md §9.11). */
import { Redis, type RedisOptions } from "ioredis";
import { env } from "./env.server";

export function createRedis(options: RedisOptions = {}, url = env().REDIS_URL): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
}

let shared: Redis | undefined;
/** One connection per process for commands that are not blocking (health, limiter). */
export function sharedRedis(): Redis {
  shared ??= createRedis({ lazyConnect: false });
  return shared;
}
