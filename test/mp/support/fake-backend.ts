/**
 * A fake backend for store tests, typed from the API contract: each handler takes the action's payload and answers
 * its result (or throws `refuse(code, message)` for an error envelope). Plugged in with services/api.ts setTransport;
 * every call and every /dev POST is recorded.
 */
import type { ActionName, ApiError, CallEvent, Envelope, ErrorCode, FunctionName, PayloadOf, Quote, ResultOf } from '../../../typings/api';
import type { Transport } from '../../../miniprogram/services/api';

export class Refusal extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly quote?: Quote) {
    super(message);
  }
}

/** An error envelope; `quote` for PRICE_CHANGED. */
export const refuse = (code: ErrorCode, message: string = code, quote?: Quote): Refusal => new Refusal(code, message, quote);

export type Handlers = {
  [F in FunctionName]?: { [A in ActionName<F>]?: (payload: PayloadOf<F, A>) => ResultOf<F, A> | Promise<ResultOf<F, A>> };
};

export interface RecordedCall {
  fn: string;
  action: string;
  data: unknown;
}

export interface FakeBackend {
  transport: Transport;
  calls: RecordedCall[];
  devPosts: Array<{ path: string; body: Record<string, unknown> }>;
  /** Calls of one `fn.action`, their payloads in order. */
  payloads(name: string): unknown[];
  handlers: Handlers;
}

export function fakeBackend(handlers: Handlers, devPost: (path: string, body: Record<string, unknown>) => unknown = () => ({ errcode: 0 })): FakeBackend {
  const calls: RecordedCall[] = [];
  const devPosts: FakeBackend['devPosts'] = [];
  const backend: FakeBackend = {
    calls,
    devPosts,
    handlers,
    payloads: (name) => calls.filter((c) => `${c.fn}.${c.action}` === name).map((c) => c.data),
    transport: {
      async callFunction(name: string, event: CallEvent): Promise<Envelope<unknown>> {
        const data = JSON.parse(JSON.stringify(event.data ?? {})) as unknown;
        calls.push({ fn: name, action: event.action, data });
        const table = (handlers as Record<string, Record<string, ((p: unknown) => unknown) | undefined> | undefined>)[name];
        const handler = table?.[event.action];
        if (!handler) return { ok: false, error: { code: 'UNKNOWN_ACTION', message: `${name}.${event.action}` } };
        try {
          return { ok: true, data: await handler(data) };
        } catch (err) {
          if (err instanceof Refusal) {
            const error: ApiError = { code: err.code, message: err.message };
            if (err.quote) error.quote = err.quote;
            return { ok: false, error };
          }
          throw err;
        }
      },
      async devGet() {
        return { ok: true, data: [] };
      },
      async devPost(path: string, body: Record<string, unknown>) {
        devPosts.push({ path, body });
        return devPost(path, body);
      },
    },
  };
  return backend;
}

/** The wx a store test starts from: storage that always answers the dev shopper, plus what the test adds. */
export type StoreTestWx<W> = W & { getStorageSync: () => string; setStorageSync: () => void; getAccountInfoSync: () => unknown };

/** What wx.getAccountInfoSync answers for a build of `envVersion` (开发版 / 体验版 / 正式版). */
export function accountInfo(envVersion: 'develop' | 'trial' | 'release') {
  return { miniProgram: { appId: 'wx0000000000000000', envVersion, version: envVersion === 'release' ? '1.0.0' : '' } };
}

/**
 * Starts a fresh mini program module registry talking to `backend`: installs a fake `wx` (the dev shopper's
 * storage, a 开发版 build unless `envVersion` says otherwise, plus `extraWx`) and sets the transport of
 * services/api.ts. require() the modules under test afterwards. Answers the installed wx.
 */
export function connectStores<W extends object = object>(
  backend: FakeBackend,
  extraWx?: W,
  envVersion: 'develop' | 'trial' | 'release' = 'develop',
): StoreTestWx<W> {
  jest.resetModules();
  const wx = {
    getStorageSync: () => 'dev-shopper',
    setStorageSync: () => undefined,
    getAccountInfoSync: () => accountInfo(envVersion),
    ...extraWx,
  } as StoreTestWx<W>;
  (globalThis as unknown as { wx: unknown }).wx = wx;
  (require('../../../miniprogram/services/api') as typeof import('../../../miniprogram/services/api')).setTransport(backend.transport);
  return wx;
}

/** A promise the test resolves when it wants (a slow server answer). */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(err: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
