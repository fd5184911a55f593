/**
 * Boots the real wx-server-sdk offline and routes its database requests to an in-process CloudSimEngine,
 * recording each request as wx-server-sdk serialised it.
 *
 * How: @cloudbase/node-sdk sends every database request through `TcbDBApiHttpRequester.prototype.send(action,
 * params)`; that method is replaced (before wx-server-sdk is required) by one that records the call and lets
 * the engine answer it. Dummy TENCENTCLOUD_SECRETID/SECRETKEY let the SDK initialise without credentials.
 * The replacement lives in this module registry (jest gives every test file its own).
 */
import { COLLECTIONS } from '../../../cloudfunctions/ports/schema';
import type { CloudDb } from '../../../cloudfunctions/adapters/store-cloud';
import { Value, decodeEjson } from './ejson';
import { CloudSimEngine, EngineOptions } from './engine';

/** One request as the SDK sent it, with its EJSON strings decoded (`*Ejson`: parsed but still canonical EJSON). */
export interface SimCall {
  action: string;
  /** '' for requests on no collection (database.startTransaction, commitTransaction, abortTransaction). */
  collection: string;
  /** Set on every request of a transaction but its start. */
  transactionId?: string;
  params: Record<string, unknown>;
  query?: Value;
  queryEjson?: unknown;
  update?: Value;
  updateEjson?: unknown;
  order?: Value;
  docs?: Value[];
  docsEjson?: unknown[];
  limit?: number;
  multi?: boolean;
}

export interface CloudSim {
  /** `cloud.database()` of the real wx-server-sdk. */
  db: CloudDb;
  engine: CloudSimEngine;
  /** Every database request sent so far (clear with `calls.length = 0`). */
  calls: SimCall[];
}

type Send = (this: unknown, action: string, params: Record<string, unknown> | undefined, opts?: unknown) => Promise<unknown>;
interface RequesterModule { TcbDBApiHttpRequester: { prototype: { send: Send } } }
interface WxServerSdk { init(opts: { env: string }): void; database(): CloudDb }

let current: { engine: CloudSimEngine; calls: SimCall[] } | null = null;
let sdk: WxServerSdk | null = null;

function record(action: string, params: Record<string, unknown>): SimCall {
  const call: SimCall = { action, collection: params.collectionName === undefined ? '' : String(params.collectionName), params: { ...params } };
  if (typeof params.transactionId === 'string') call.transactionId = params.transactionId;
  if (typeof params.query === 'string') {
    call.query = decodeEjson(params.query);
    call.queryEjson = JSON.parse(params.query);
  }
  if (typeof params.data === 'string') {
    call.update = decodeEjson(params.data);
    call.updateEjson = JSON.parse(params.data);
  }
  if (Array.isArray(params.data)) {
    call.docs = params.data.map((d) => decodeEjson(String(d)));
    call.docsEjson = params.data.map((d) => JSON.parse(String(d)));
  }
  if (typeof params.order === 'string') call.order = decodeEjson(params.order);
  if (typeof params.limit === 'number') call.limit = params.limit;
  if (typeof params.multi === 'boolean') call.multi = params.multi;
  return call;
}

function loadSdk(): WxServerSdk {
  if (sdk) return sdk;
  process.env.TENCENTCLOUD_SECRETID ??= 'dummy-secret-id';
  process.env.TENCENTCLOUD_SECRETKEY ??= 'dummy-secret-key';
  const requester = require('@cloudbase/node-sdk/dist/utils/tcbdbapirequester') as RequesterModule;
  requester.TcbDBApiHttpRequester.prototype.send = async function send(action, sent) {
    if (!current) throw new Error('cloud simulator: no engine booted');
    const params = sent ?? {}; // database.startTransaction sends no parameters
    const call = record(action, params);
    current.calls.push(call);
    return current.engine.handle(action, params);
  };
  const loaded = require('wx-server-sdk') as WxServerSdk;
  loaded.init({ env: 'sim-env' });
  sdk = loaded;
  return loaded;
}

export interface BootOptions extends Partial<EngineOptions> {
  /**
   * How the declared unique indexes exist in the cloud. 'sparse' (default; create them with MgoIsSparse: true):
   * documents holding none of the indexed fields are not indexed. 'dense' (MongoDB's default): a missing
   * field indexes as null, so two documents lacking the fields conflict.
   */
  uniqueIndexes?: 'sparse' | 'dense';
}

/** Starts (or restarts) the simulator with the declared collections and their unique indexes. */
export function bootCloudSim(opts: BootOptions = {}): CloudSim {
  const cloud = loadSdk();
  const { uniqueIndexes = 'sparse', ...engineOpts } = opts;
  const collections = COLLECTIONS.map((c) => ({
    name: c.name,
    indexes: c.indexes.map((i) => ({ name: i.name, fields: i.fields, unique: i.unique, sparse: i.unique === true && uniqueIndexes === 'sparse' })),
  }));
  const engine = new CloudSimEngine({ collections, env: 'sim-env', ...engineOpts });
  const calls: SimCall[] = [];
  current = { engine, calls };
  return { db: cloud.database(), engine, calls };
}
