import { loadConfig } from "../config";
import { createLogger } from "../infra/logger";
import { connectStore, disconnectStore } from "../infra/store";
import { resolveInfrastructure } from "../runtime";
import { seedDemo } from "./demo";

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
const infra = await resolveInfrastructure(config, logger);
try {
  await connectStore(infra.mongoUri, config.MONGODB_DB);
  await seedDemo();
  logger.info("demo data seeded");
} finally {
  await disconnectStore();
  await infra.stop();
}
