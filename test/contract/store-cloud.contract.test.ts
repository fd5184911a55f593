/**
 * The shared Store contract, run through the real wx-server-sdk against the in-process cloud simulator
 * (test/contract/cloud-sim): every request the adapter makes is serialised by the SDK as it would be sent
 * to the cloud database, then interpreted with MongoDB semantics.
 */
import { CloudStore } from '../../cloudfunctions/adapters/store-cloud';
import { bootCloudSim } from './cloud-sim/harness';
import { runStoreContract } from './store-contract';

runStoreContract('cloud database (wx-server-sdk -> in-process MongoDB-semantics simulator)', async () => new CloudStore(bootCloudSim().db));
