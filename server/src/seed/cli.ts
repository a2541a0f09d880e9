import { createServices } from "../app";
import { loadConfig } from "../config";
import { createLogger } from "../infra/logger";
import { connectRedis } from "../infra/redis";
import { connectStore, disconnectStore } from "../infra/store";
import { resolveInfrastructure } from "../runtime";
import { seedDemo } from "./demo";

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
const infra = await resolveInfrastructure(config, logger);
const redis = await connectRedis(infra.redisUrl);
try {
  await connectStore(infra.mongoUri, config.MONGODB_DB);
  await seedDemo(createServices({ config, logger, redis }));
  logger.info("demo data seeded");
} finally {
  await disconnectStore();
  await redis.quit();
  await infra.stop();
}
