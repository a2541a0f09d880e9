// npm run audit:verify -w @xinyi/server — checks the audit log's hash chain of the
// configured store (MONGODB_URI, or the embedded store's data folder).
import { loadConfig } from "../../config";
import { createLogger } from "../../infra/logger";
import { connectStore, disconnectStore } from "../../infra/store";
import { resolveInfrastructure } from "../../runtime";
import { verifyAuditChain } from "./service";

const config = loadConfig({ JWT_SECRET: "x".repeat(32), ...process.env });
const infra = await resolveInfrastructure(config, createLogger("warn"));
try {
  await connectStore(infra.mongoUri, config.MONGODB_DB);
  const result = await verifyAuditChain();
  if (result.ok) {
    console.log(`audit chain intact: ${result.checked} entries checked`);
  } else {
    console.log(`audit chain BROKEN at entry ${result.firstBroken!.seq}: ${result.firstBroken!.reason} (${result.checked} entries before it are intact)`);
    process.exitCode = 1;
  }
} finally {
  await disconnectStore();
  await infra.stop();
}
