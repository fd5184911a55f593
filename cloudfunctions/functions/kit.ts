/**
 * The typed action router every cloud function is built with.
 *
 * A function definition lists its client actions (each with one strict zod schema), its timer triggers and,
 * for a payment callback function, its callback handler. `invoke` is the single entry both the cloud
 * (`main(event, context)`) and the local cloud call, so they behave identically.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import type { ActionName, ApiSpec, CallSource, Envelope, FunctionName, PayloadOf, ResultOf } from '../../typings/api';
import type { Result } from '../app/result';
import { fail } from '../app/result';
import type { CallContext, Deps } from '../ports/context';
import { StoreInputError } from '../ports/store';

// zod/mini keeps each bundle small (the classic API is ~450 KB minified); English messages only.
z.config(en());

export interface ActionDef<P, R> {
  schema: z.ZodMiniType<P>;
  /** Who may call: 'user' (default) needs an openid from the platform; merchant checks happen in the use case. */
  auth: 'user';
  run(payload: P, ctx: CallContext & { openid: string }, deps: Deps): Promise<Result<R>>;
}

export function action<S extends z.ZodMiniType, R>(
  schema: S,
  run: (payload: z.output<S>, ctx: CallContext & { openid: string }, deps: Deps) => Promise<Result<R>>,
): ActionDef<z.output<S>, R> {
  return { schema: schema as unknown as z.ZodMiniType<z.output<S>>, auth: 'user', run };
}

export interface TriggerDef {
  /** Cron expression in the cloud's 7-field format (sec min hour day month weekday year). */
  cron: string;
  run(deps: Deps): Promise<Record<string, unknown>>;
}

/** WeChat Pay callback fields (cloudPay); all optional because the platform decides what arrives. */
export type PayCallbackEvent = Record<string, unknown>;

export type ActionTable<F extends FunctionName> = {
  [A in ActionName<F>]: ActionDef<PayloadOf<F, A>, ResultOf<F, A>>;
};

export interface FunctionDef {
  name: string;
  actions: Record<string, ActionDef<any, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  triggers: Record<string, TriggerDef>;
  payCallback?: (event: PayCallbackEvent, deps: Deps) => Promise<{ errcode: number; errmsg?: string }>;
  /** cloud.openapi permissions this function needs (written to its config.json). */
  openapi: string[];
  /** Cloud function timeout in seconds (config.json). */
  timeout: number;
}

export function defineFunction<F extends FunctionName>(
  name: F,
  actions: ActionTable<F>,
  extra: Partial<Omit<FunctionDef, 'name' | 'actions'>> = {},
): FunctionDef {
  return { name, actions: actions as FunctionDef['actions'], triggers: {}, openapi: [], timeout: 10, ...extra };
}

/** A function that is not client-callable (timer jobs, payment callbacks). */
export function defineServiceFunction(name: string, extra: Partial<Omit<FunctionDef, 'name'>>): FunctionDef {
  return { name, actions: {}, triggers: {}, openapi: [], timeout: 20, ...extra };
}

const CLIENT_SOURCES: ReadonlySet<string> = new Set<CallSource>(['wx_client', 'wx_devtools']);

function zodMessage(err: z.core.$ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(payload)'}: ${i.message}`)
    .join('; ');
}

export interface InvokeOutcome {
  /** function.action or function:trigger, for the log line */
  label: string;
  response: unknown;
  /** error code when the response is an error envelope */
  code: string | null;
}

/**
 * Runs one invocation exactly as the cloud would: the event is client input, the context is the platform's word.
 */
export async function invoke(def: FunctionDef, event: unknown, ctx: CallContext, deps: Deps): Promise<InvokeOutcome> {
  const ev = (event && typeof event === 'object' ? event : {}) as Record<string, unknown>;

  if (ctx.source === 'wx_trigger') {
    const name = typeof ev.TriggerName === 'string' ? ev.TriggerName : typeof ev.triggerName === 'string' ? ev.triggerName : '';
    const trig = Object.prototype.hasOwnProperty.call(def.triggers, name) ? def.triggers[name] : undefined;
    const label = `${def.name}:${name || '?'}`;
    if (!trig) return envelope(label, fail('UNKNOWN_ACTION', `no trigger ${name} on ${def.name}`));
    try {
      return envelope(label, { ok: true, data: await trig.run(deps) });
    } catch (err) {
      return internal(label, err, deps);
    }
  }

  if (ctx.source === 'wx_paycallback') {
    const label = `${def.name}:payCallback`;
    if (!def.payCallback) return envelope(label, fail('FORBIDDEN', 'not a payment callback function'));
    try {
      const res = await def.payCallback(ev, deps);
      return { label, response: res, code: res.errcode === 0 ? null : `ERRCODE_${res.errcode}` };
    } catch (err) {
      deps.log.error('payCallback failed', { fn: def.name, err: String((err as Error)?.stack ?? err) });
      // A non-zero errcode makes WeChat Pay retry later.
      return { label, response: { errcode: 1, errmsg: 'internal error' }, code: 'INTERNAL' };
    }
  }

  const actionName = typeof ev.action === 'string' ? ev.action : '';
  const label = `${def.name}.${actionName || '?'}`;
  if (!CLIENT_SOURCES.has(ctx.source)) return envelope(label, fail('FORBIDDEN', `source ${ctx.source} may not call actions`));
  if (!ctx.openid) return envelope(label, fail('UNAUTHENTICATED', 'no caller identity'));
  const act = Object.prototype.hasOwnProperty.call(def.actions, actionName) ? def.actions[actionName] : undefined;
  if (!act) return envelope(label, fail('UNKNOWN_ACTION', `${def.name} has no action ${actionName || '(missing)'}`));
  const extraKeys = Object.keys(ev).filter((k) => k !== 'action' && k !== 'data' && k !== 'userInfo');
  if (extraKeys.length) return envelope(label, fail('INVALID_INPUT', `unexpected keys: ${extraKeys.join(', ')}`));
  const parsed = act.schema.safeParse(ev.data === undefined ? {} : ev.data);
  if (!parsed.success) return envelope(label, fail('INVALID_INPUT', zodMessage(parsed.error)));
  try {
    return envelope(label, await act.run(parsed.data, { ...ctx, openid: ctx.openid }, deps));
  } catch (err) {
    if (err instanceof StoreInputError) return envelope(label, fail('INVALID_INPUT', err.message));
    return internal(label, err, deps);
  }
}

function envelope(label: string, res: Result<unknown>): InvokeOutcome {
  const response: Envelope<unknown> = res.ok ? { ok: true, data: res.data } : { ok: false, error: res.error };
  return { label, response, code: res.ok ? null : res.error.code };
}

function internal(label: string, err: unknown, deps: Deps): InvokeOutcome {
  deps.log.error('unhandled error', { at: label, err: String((err as Error)?.stack ?? err) });
  return envelope(label, fail('INTERNAL', 'internal error'));
}

/**
 * What text a person typed may not hold: NUL and other control characters (tab and newline only where text is
 * multi-line), DEL and C1 controls, bidi embeddings/overrides/isolates and marks (they make "abc.exe" read as
 * "exe.cba"), the BOM, and lone UTF-16 surrogates (PostgreSQL's jsonb refuses NUL and lone surrogates - after the
 * stock was taken; the cloud database stores them and every later reader chokes).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_SINGLE = /[\u0000-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_MULTI = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const BIDI = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function unsafeText(v: string, multiline = false): string | null {
  if ((multiline ? CONTROL_MULTI : CONTROL_SINGLE).test(v)) return 'must not contain control characters';
  if (BIDI.test(v)) return 'must not contain bidi control characters';
  if (LONE_SURROGATE.test(v)) return 'must be valid Unicode';
  return null;
}

/** Text a person typed: trimmed, `min..max` characters (code points), no control or bidi characters, valid Unicode. */
function text(max: number, opts: { min?: number; multiline?: boolean } = {}) {
  return z.string().check(
    z.refine((v) => unsafeText(v, opts.multiline) === null, { message: 'must be plain text (no control, bidi or broken characters)', abort: true }),
    z.trim(),
    z.refine((v) => [...v].length >= (opts.min ?? 0), { message: opts.min ? `must not be blank` : 'too short' }),
    z.refine((v) => [...v].length <= max, { message: `at most ${max} characters` }),
  );
}

/** Reusable payload pieces. Ids are plain strings, never objects. */
export const schemas = {
  text,
  id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id')),
  cursor: z.string().check(z.minLength(1), z.maxLength(512), z.regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor')),
  limit: z.number().check(z.int(), z.minimum(1), z.maximum(50)),
  keyword: text(30, { min: 1 }),
  empty: z.strictObject({}),
};

export type { ApiSpec };
