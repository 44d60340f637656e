import { dropDatabase } from './test-db';

/** globalSetup and globalTeardown share the jest parent process (not the workers): globalThis carries the handle. */
export const clusterHolder = globalThis as typeof globalThis & {
  __digiskillStopTestCluster?: () => Promise<void>;
};

export default async function globalTeardown(): Promise<void> {
  const stop = clusterHolder.__digiskillStopTestCluster;
  delete clusterHolder.__digiskillStopTestCluster;
  if (stop) {
    // The whole throwaway cluster goes, template included.
    await stop();
    return;
  }
  const adminUrl = process.env.DIGISKILL_TEST_ADMIN_URL;
  const template = process.env.DIGISKILL_TEST_TEMPLATE;
  // A shared server (DATABASE_URL) outlives the run: leave it as we found it.
  if (adminUrl && template) await dropDatabase(adminUrl, template);
}
