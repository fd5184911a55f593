/**
 * The local cloud the integration suites run on: PostgreSQL (PGlite in memory) by default, or - with
 * TEST_STORE=cloud-sim, as the files in test/integration/cloud-db/ set it - the WeChat cloud database adapter,
 * through the real wx-server-sdk, against the in-process MongoDB-semantics simulator (test/contract/cloud-sim).
 */
import { createLocalCloud, LocalCloud, LocalCloudOptions } from '../../../cloudfunctions/local/cloud';

export const onCloudDb = (): boolean => process.env.TEST_STORE === 'cloud-sim';

export async function testCloud(opts: LocalCloudOptions = {}): Promise<LocalCloud> {
  if (!onCloudDb()) return createLocalCloud(opts);
  const { CloudStore } = await import('../../../cloudfunctions/adapters/store-cloud');
  const { bootCloudSim } = await import('../../contract/cloud-sim/harness');
  return createLocalCloud({ ...opts, store: new CloudStore(bootCloudSim().db) });
}
