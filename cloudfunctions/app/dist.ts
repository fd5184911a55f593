/**
 * Distribution for shoppers and distributors: entries (visits and binding), applying, share links and posters, the
 * distributor's centre (balances, funnels, customers, team, ledger, withdrawals), and the merchant's side
 * (reviewing and freezing distributors, answering withdrawals, the rules).
 *
 * Nothing here answers another user's openid to a shopper or distributor; merchants see openids (they act on them).
 */
import type {
  DistCustomer, DistMe, DistTeamMember, DistributionSettings, DistributorStatus, EnterPayload, EnterResult, LedgerEntry, MerchantDistributor,
  MerchantWithdrawal, Page, ProductSummary, ShareLink, SharePoster, ShareTarget, Withdrawal, WithdrawalStatus,
} from '../../typings/api';
import { SHARE_TOKEN, decideBinding, rateFor, sceneClass } from '../domain/distribution';
import { DAY_MS, endOfShanghaiDay } from '../domain/time';
import type { Deps } from '../ports/context';
import { Filter, cond } from '../ports/store';
import { isMerchant } from './after-sales';
import { decideWithdrawal, forgetDistributors, syncTransfer, withdraw as withdrawMoney } from './ledger';
import type {
  BindingRecord, DistributorRecord, LedgerEntryRecord, ProductRecord, SettingRecord, ShareLinkRecord, UserRecord, VisitRecord, WithdrawalRecord,
} from './records';
import { Result, fail, ok } from './result';
import { forgetSettings, getSettings, readDistribution } from './settings';


// ---------- entry ----------

async function profileOf(deps: Deps, openid: string): Promise<{ nickname: string; avatar: string | null }> {
  const u = await deps.store.get<UserRecord>('users', openid);
  return { nickname: u?.nickname || '微信用户', avatar: u?.avatar ?? null };
}

/**
 * `user.enter`: records the visit and, when it came through a valid share token of an approved distributor and
 * distribution is on, applies the binding rules (domain/distribution decideBinding). A forged or unknown token is a
 * visit like any other. The binding write is guarded on the binding it replaces, so two entries at once have one winner.
 */
export async function enter(deps: Deps, openid: string, p: EnterPayload): Promise<Result<EnterResult>> {
  const now = deps.clock.now();
  const { distribution: rules } = await getSettings(deps);
  const token = typeof p.query?.st === 'string' && SHARE_TOKEN.test(p.query.st) ? p.query.st : null;
  const link = token ? await deps.store.get<ShareLinkRecord>('share_links', token) : null;
  const owner = link ? await deps.store.get<DistributorRecord>('distributors', link.distributor) : null;
  const valid = !!link && owner?.status === 'approved';
  let bound = false;
  if (valid && rules.enabled) bound = await bind(deps, openid, link!, owner!, now);
  const visit: VisitRecord = {
    _id: `V${deps.ids.newId(now)}`, openid, scene: p.scene, sceneClass: sceneClass(p.scene), token: valid ? token : null,
    distributor: valid ? link!.distributor : null, bound, at: now,
  };
  await deps.store.insert('visits', visit);
  if (valid && link!.distributor !== openid) {
    await deps.store.update('share_links', { _id: link!._id }, { inc: { visits: 1 } });
    await deps.store.update('distributors', { _id: link!.distributor }, { inc: { visits: 1 } });
  }
  const current = await deps.store.get<BindingRecord>('bindings', openid);
  return ok({ bound, distributor: current ? await profileOf(deps, current.distributor) : null });
}

async function bind(deps: Deps, openid: string, link: ShareLinkRecord, owner: DistributorRecord, now: number): Promise<boolean> {
  const { distribution: rules } = await getSettings(deps);
  const [current, self, grand] = await Promise.all([
    deps.store.get<BindingRecord>('bindings', openid),
    deps.store.get<DistributorRecord>('distributors', openid),
    owner.inviter ? deps.store.get<DistributorRecord>('distributors', owner.inviter) : Promise.resolve(null),
  ]);
  const hasPaid = rules.newCustomersOnly
    ? (await deps.store.count('orders', { openid, status: cond.in(['paid', 'shipped', 'completed', 'refunded']) })) > 0
    : false;
  const decision = decideBinding({
    shopper: openid,
    candidate: owner._id,
    candidateInviters: [owner.inviter, grand?.inviter].filter((x): x is string => !!x),
    current: current ? { distributor: current.distributor, since: current.since } : null,
    shopperIsDistributor: self?.status === 'approved' || self?.status === 'frozen',
    shopperHasPaidOrder: hasPaid,
    rules,
    now,
  });
  if (!decision.bind) return false;
  const doc: BindingRecord = { _id: openid, distributor: owner._id, since: now, via: link._id, updatedAt: now };
  if (!current) {
    const r = await deps.store.insert('bindings', doc);
    if (!r.ok) return false; // another entry bound the shopper first
  } else {
    const moved = await deps.store.updateOne('bindings', { _id: openid, distributor: current.distributor, since: current.since }, {
      set: { distributor: owner._id, since: now, via: link._id, updatedAt: now },
    });
    if (!moved) return false;
    await deps.store.update('distributors', { _id: current.distributor }, { inc: { customers: -1 } });
  }
  await deps.store.update('distributors', { _id: owner._id }, { inc: { customers: 1 } });
  await deps.store.update('share_links', { _id: link._id }, { inc: { customers: 1 } });
  forgetDistributors(deps.store); // this instance attributes the shopper's next order by the new binding at once
  // A pending applicant's inviter follows their binding until they are approved (then it is frozen).
  if (self && self.status === 'pending') await deps.store.update('distributors', { _id: openid, status: 'pending' }, { set: { inviter: owner._id } });
  return true;
}

// ---------- distributors ----------

export async function apply(deps: Deps, openid: string, p: { realName: string; phone: string; reason?: string }): Promise<Result<{ status: DistributorStatus }>> {
  const { distribution: rules } = await getSettings(deps);
  if (!rules.enabled) return fail('FORBIDDEN', '本店暂未开放分销');
  if (!/^1\d{10}$/.test(p.phone)) return fail('INVALID_INPUT', 'phone: 请填写 11 位手机号');
  const now = deps.clock.now();
  const existing = await deps.store.get<DistributorRecord>('distributors', openid);
  if (existing && existing.status !== 'rejected') return ok({ status: existing.status });
  const binding = await deps.store.get<BindingRecord>('bindings', openid);
  const status = rules.autoApprove ? 'approved' : 'pending';
  const fields = {
    status, realName: p.realName.trim(), phone: p.phone, reason: p.reason?.trim() ?? '', note: null, inviter: binding?.distributor ?? null,
    appliedAt: now, reviewedAt: rules.autoApprove ? now : null, updatedAt: now,
  } as const;
  if (existing) {
    const again = await deps.store.updateOne('distributors', { _id: openid, status: 'rejected' }, { set: { ...fields } });
    if (!again) return ok({ status: (await deps.store.get<DistributorRecord>('distributors', openid))?.status ?? 'pending' });
  } else {
    const doc: DistributorRecord = {
      _id: openid, ...fields, level: null, pending: 0, available: 0, withdrawn: 0, visits: 0, customers: 0, orders: 0, gmv: 0, withdrawDay: '', withdrawCount: 0,
    };
    const r = await deps.store.insert('distributors', doc);
    if (!r.ok) return ok({ status: (await deps.store.get<DistributorRecord>('distributors', openid))?.status ?? 'pending' });
  }
  if (status === 'approved') await addRole(deps, openid);
  forgetDistributors(deps.store);
  return ok({ status });
}

async function addRole(deps: Deps, openid: string): Promise<void> {
  const u = await deps.store.get<UserRecord>('users', openid);
  if (u && !u.roles.includes('distributor')) await deps.store.update('users', { _id: openid }, { set: { roles: [...u.roles, 'distributor'] } });
}

async function approvedDistributor(deps: Deps, openid: string): Promise<DistributorRecord | null> {
  const d = await deps.store.get<DistributorRecord>('distributors', openid);
  return d && d.status === 'approved' ? d : null;
}

export async function distMe(deps: Deps, openid: string): Promise<Result<DistMe>> {
  const settings = await getSettings(deps);
  const d = await deps.store.get<DistributorRecord>('distributors', openid);
  const now = deps.clock.now();
  const dayStart = endOfShanghaiDay(now) - DAY_MS + 1;
  const todayVisits = d ? await deps.store.count('visits', { distributor: openid, at: cond.gte(dayStart) }) : 0;
  const level = d?.level ? settings.distributionLevels.find((l) => l.id === d.level) : undefined;
  const r = settings.distribution;
  return ok({
    status: d?.status ?? 'none',
    profile: await profileOf(deps, openid),
    level: level ? { id: level.id, name: level.name } : null,
    balance: { pending: d?.pending ?? 0, available: d?.available ?? 0, withdrawn: d?.withdrawn ?? 0 },
    stats: { visits: d?.visits ?? 0, customers: d?.customers ?? 0, orders: d?.orders ?? 0, gmv: d?.gmv ?? 0, todayVisits },
    rules: r.enabled ? { tier1Bps: level?.tier1Bps ?? r.tier1Bps, tier2Bps: level?.tier2Bps ?? r.tier2Bps, settleDays: r.settleDays, minWithdraw: r.minWithdraw, maxWithdrawalsPerDay: r.maxWithdrawalsPerDay, payout: r.payout } : null,
  });
}

// ---------- links ----------

const TOKEN_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** 20 characters of [A-Za-z0-9] from the id generator's randomness: about 119 bits, within wxacode's 32-char scene. */
function newToken(deps: Deps, now: number): string {
  const raw = deps.ids.newId(now) + deps.ids.newId(now + 1);
  let out = '';
  for (let i = raw.length - 1; out.length < 20; i -= 1) {
    const a = parseInt(raw[i], 36);
    const b = parseInt(raw[(i + 7) % raw.length], 36);
    out += TOKEN_ALPHABET[(a * 36 + b) % 62];
  }
  return out;
}

const targetKey = (t: ShareTarget): string => (t.type === 'home' ? 'home' : `product:${t.id}`);
const pathOf = (t: ShareTarget, token: string): string =>
  t.type === 'home' ? `/pages/home/index?st=${token}` : `/packages/goods/pages/detail/index?id=${encodeURIComponent(t.id)}&st=${token}`;

/** The distributor's link for a target: made once, the same one ever after (unique per distributor and target). */
export async function linkFor(deps: Deps, openid: string, target: ShareTarget): Promise<Result<ShareLinkRecord>> {
  if (!(await approvedDistributor(deps, openid))) return fail('FORBIDDEN', '仅分销员可推广');
  const key = targetKey(target);
  const existing = await deps.store.find<ShareLinkRecord>('share_links', { distributor: openid, targetKey: key }, { limit: 1 });
  if (existing.items[0]) return ok(existing.items[0]);
  let title = '小店首页';
  if (target.type === 'product') {
    const p = await deps.store.get<ProductRecord>('products', target.id);
    if (!p || !p.onSale) return fail('NOT_FOUND', '商品不存在或已下架');
    title = p.title;
  }
  const now = deps.clock.now();
  const token = newToken(deps, now);
  const doc: ShareLinkRecord = {
    _id: token, distributor: openid, targetKey: key, target, path: pathOf(target, token), title, visits: 0, customers: 0, orders: 0, gmv: 0, createdAt: now,
  };
  const r = await deps.store.insert('share_links', doc);
  if (r.ok) return ok(doc);
  // The same link made at once by another request: that one.
  const winner = await deps.store.find<ShareLinkRecord>('share_links', { distributor: openid, targetKey: key }, { limit: 1 });
  return winner.items[0] ? ok(winner.items[0]) : fail('CONFLICT', '请重试');
}

function toLink(l: ShareLinkRecord): ShareLink {
  return { token: l._id, path: l.path, target: l.target, title: l.title, visits: l.visits, customers: l.customers, orders: l.orders, gmv: l.gmv, createdAt: l.createdAt };
}

export async function listLinks(deps: Deps, openid: string, cursor?: string): Promise<Result<Page<ShareLink>>> {
  if (!(await deps.store.get<DistributorRecord>('distributors', openid))) return fail('FORBIDDEN', '仅分销员可查看');
  const page = await deps.store.find<ShareLinkRecord>('share_links', { distributor: openid }, { orderBy: [['createdAt', 'desc']], limit: 20, cursor: cursor ?? null });
  return ok({ items: page.items.map(toLink), nextCursor: page.nextCursor });
}

export async function poster(deps: Deps, openid: string, target: ShareTarget): Promise<Result<SharePoster>> {
  const l = await linkFor(deps, openid, target);
  if (!l.ok) return l;
  const page = target.type === 'home' ? 'pages/home/index' : 'packages/goods/pages/detail/index';
  // The code carries only the token (<= 32 characters); the page decodes `scene` and the app sends it as query.st.
  // A code stored in cloud storage is kept on the link: wxacode.getUnlimited is called once per link, not per poster.
  let image = l.data.codeImage ?? null;
  if (!image) {
    const code = await deps.wechat.unlimitedCode({ scene: l.data._id, page });
    if (!code.ok) {
      deps.log.error('wxacode failed', { message: code.message });
      return fail('INTERNAL', '生成小程序码失败，请稍后重试');
    }
    image = code.image;
    if (image.startsWith('cloud://')) await deps.store.update('share_links', { _id: l.data._id }, { set: { codeImage: image } });
  }
  let product: SharePoster['product'] = null;
  if (target.type === 'product') {
    const p = await deps.store.get<ProductRecord>('products', target.id);
    if (p) product = { title: p.title, image: p.images[0] ?? '', price: p.priceMin };
  }
  return ok({ token: l.data._id, scene: l.data._id, page, image, product, distributor: await profileOf(deps, openid) });
}

// ---------- the distributor's people and money ----------

async function ordersAndGmvOf(deps: Deps, customer: string, distributor: string): Promise<{ orders: number; gmv: number }> {
  const { items } = await deps.store.find<{ _id: string; payable: number; attribution?: { tier1: string | null } | null; status: string } & import('../ports/store').Doc>(
    'orders', { openid: customer, status: cond.in(['paid', 'shipped', 'completed', 'refunded']) }, { limit: 200, omit: ['timeline', 'lines', 'address'] },
  );
  const mine = items.filter((o) => o.attribution?.tier1 === distributor);
  return { orders: mine.length, gmv: mine.reduce((s, o) => s + o.payable, 0) };
}

export async function listCustomers(deps: Deps, openid: string, cursor?: string): Promise<Result<Page<DistCustomer>>> {
  if (!(await deps.store.get<DistributorRecord>('distributors', openid))) return fail('FORBIDDEN', '仅分销员可查看');
  const page = await deps.store.find<BindingRecord>('bindings', { distributor: openid }, { orderBy: [['since', 'desc']], limit: 20, cursor: cursor ?? null });
  const items = await Promise.all(page.items.map(async (b) => ({ ...(await profileOf(deps, b._id)), boundAt: b.since, ...(await ordersAndGmvOf(deps, b._id, openid)) })));
  return ok({ items, nextCursor: page.nextCursor });
}

export async function listTeam(deps: Deps, openid: string, cursor?: string): Promise<Result<Page<DistTeamMember>>> {
  if (!(await deps.store.get<DistributorRecord>('distributors', openid))) return fail('FORBIDDEN', '仅分销员可查看');
  const page = await deps.store.find<DistributorRecord>('distributors', { inviter: openid, status: 'approved' }, { orderBy: [['appliedAt', 'desc']], limit: 20, cursor: cursor ?? null });
  const items = await Promise.all(page.items.map(async (d) => ({ ...(await profileOf(deps, d._id)), joinedAt: d.reviewedAt ?? d.appliedAt, customers: d.customers, orders: d.orders })));
  return ok({ items, nextCursor: page.nextCursor });
}

function toEntry(e: LedgerEntryRecord): LedgerEntry {
  return { id: e._id, kind: e.kind, tier: e.tier, orderNo: e.orderNo, amount: e.amount, status: e.status, createdAt: e.createdAt, explain: e.explain as LedgerEntry['explain'] };
}

export async function listLedger(deps: Deps, openid: string, p: { status?: 'pending' | 'settled'; cursor?: string }): Promise<Result<Page<LedgerEntry>>> {
  if (!(await deps.store.get<DistributorRecord>('distributors', openid))) return fail('FORBIDDEN', '仅分销员可查看');
  const filter: Filter = { distributor: openid };
  if (p.status) filter.status = p.status;
  const page = await deps.store.find<LedgerEntryRecord>('ledger_entries', filter, { orderBy: [['createdAt', 'desc']], limit: 20, cursor: p.cursor ?? null });
  return ok({ items: page.items.map(toEntry), nextCursor: page.nextCursor });
}

function toWithdrawal(w: WithdrawalRecord, confirmParams?: { mchId: string; appId: string }): Withdrawal {
  const pkg = w.status === 'transferring' && w.transfer?.state === 'wait_user_confirm' ? w.transfer.packageInfo : null;
  return {
    id: w._id, amount: w.amount, status: w.status, createdAt: w.createdAt, reviewedAt: w.reviewedAt, note: w.note, method: w.method,
    confirm: pkg && confirmParams ? { mchId: confirmParams.mchId, appId: confirmParams.appId, package: pkg } : null,
  };
}

/** The distributor came back from wx.requestMerchantTransfer: WeChat Pay says whether the money moved. */
export async function confirmWithdrawal(deps: Deps, openid: string, id: string): Promise<Result<Withdrawal>> {
  const w = await deps.store.get<WithdrawalRecord>('withdrawals', id);
  if (!w || w.distributor !== openid) return fail('NOT_FOUND', '提现记录不存在');
  return ok(toWithdrawal(await syncTransfer(deps, w), deps.payout.confirmParams));
}

export async function requestWithdrawal(deps: Deps, openid: string, amount: number): Promise<Result<Withdrawal>> {
  const r = await withdrawMoney(deps, openid, amount);
  return r.ok ? ok(toWithdrawal(r.data)) : r;
}

export async function listWithdrawals(deps: Deps, openid: string, cursor?: string): Promise<Result<Page<Withdrawal>>> {
  if (!(await deps.store.get<DistributorRecord>('distributors', openid))) return fail('FORBIDDEN', '仅分销员可查看');
  const page = await deps.store.find<WithdrawalRecord>('withdrawals', { distributor: openid }, { orderBy: [['createdAt', 'desc']], limit: 20, cursor: cursor ?? null });
  return ok({ items: page.items.map((w) => toWithdrawal(w, deps.payout.confirmParams)), nextCursor: page.nextCursor });
}

/** Products to promote with what one sale at the lowest price earns the caller at tier 1 (the page's "赚 ¥x"). */
export async function promote(deps: Deps, openid: string, cursor?: string): Promise<Result<Page<ProductSummary & { earn: number }>>> {
  const d = await approvedDistributor(deps, openid);
  if (!d) return fail('FORBIDDEN', '仅分销员可推广');
  const settings = await getSettings(deps);
  const level = d.level ? settings.distributionLevels.find((l) => l.id === d.level) ?? null : null;
  const page = await deps.store.find<ProductRecord>('products', { onSale: true }, { orderBy: [['sort', 'desc']], limit: 20, cursor: cursor ?? null, omit: ['keywords', 'description', 'detailImages'] });
  return ok({
    items: page.items.map((p) => {
      const rate = rateFor(1, { sku: p.skuCommission ?? null, product: p.commission ?? null, level, rules: settings.distribution });
      const earn = rate.mode === 'fixed' ? Math.min(rate.value, p.priceMin) : Math.floor((p.priceMin * rate.value) / 10_000);
      return {
        id: p._id, categoryId: p.categoryId, title: p.title, subtitle: p.subtitle, image: p.images[0] ?? '',
        price: { min: p.priceMin, max: p.priceMax }, originalPrice: p.originalPrice, sales: p.sales, earn,
      };
    }),
    nextCursor: page.nextCursor,
  });
}

// ---------- the merchant ----------

async function toMerchantDistributor(deps: Deps, d: DistributorRecord): Promise<MerchantDistributor> {
  const settings = await getSettings(deps);
  const [me, inviter] = await Promise.all([profileOf(deps, d._id), d.inviter ? profileOf(deps, d.inviter) : Promise.resolve(null)]);
  const level = d.level ? settings.distributionLevels.find((l) => l.id === d.level) : undefined;
  return {
    openid: d._id, nickname: me.nickname, realName: d.realName, phone: d.phone, reason: d.reason, status: d.status,
    level: level ? { id: level.id, name: level.name } : null, inviter: inviter ? { nickname: inviter.nickname } : null,
    balance: { pending: d.pending, available: d.available, withdrawn: d.withdrawn },
    stats: { visits: d.visits, customers: d.customers, orders: d.orders, gmv: d.gmv }, appliedAt: d.appliedAt,
  };
}

export async function merchantDistributors(deps: Deps, openid: string, p: { status?: DistributorRecord['status']; cursor?: string }): Promise<Result<Page<MerchantDistributor>>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可管理分销员');
  const page = await deps.store.find<DistributorRecord>('distributors', p.status ? { status: p.status } : {}, { orderBy: [['appliedAt', 'desc']], limit: 20, cursor: p.cursor ?? null });
  return ok({ items: await Promise.all(page.items.map((d) => toMerchantDistributor(deps, d))), nextCursor: page.nextCursor });
}

export async function reviewDistributor(deps: Deps, openid: string, p: { openid: string; approve: boolean; note?: string }): Promise<Result<MerchantDistributor>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可管理分销员');
  const d = await deps.store.get<DistributorRecord>('distributors', p.openid);
  if (!d) return fail('NOT_FOUND', '申请不存在');
  const to = p.approve ? 'approved' : 'rejected';
  if (d.status === to) return ok(await toMerchantDistributor(deps, d));
  if (d.status !== 'pending') return fail('CONFLICT', '该申请已处理');
  const now = deps.clock.now();
  const after = await deps.store.updateOne<DistributorRecord>('distributors', { _id: d._id, status: 'pending' }, { set: { status: to, note: p.note?.trim() || null, reviewedAt: now, updatedAt: now } });
  if (!after) return fail('CONFLICT', '该申请已处理');
  if (p.approve) await addRole(deps, d._id);
  forgetDistributors(deps.store); // this instance attributes by the new status at once; others within INFO_CACHE_MS
  return ok(await toMerchantDistributor(deps, after));
}

export async function freezeDistributor(deps: Deps, openid: string, p: { openid: string; frozen: boolean }): Promise<Result<MerchantDistributor>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可管理分销员');
  const d = await deps.store.get<DistributorRecord>('distributors', p.openid);
  if (!d) return fail('NOT_FOUND', '分销员不存在');
  const [from, to] = p.frozen ? ['approved', 'frozen'] as const : ['frozen', 'approved'] as const;
  if (d.status === to) return ok(await toMerchantDistributor(deps, d));
  if (d.status !== from) return fail('CONFLICT', p.frozen ? '只有已通过的分销员可以冻结' : '该分销员未被冻结');
  const after = await deps.store.updateOne<DistributorRecord>('distributors', { _id: d._id, status: from }, { set: { status: to, updatedAt: deps.clock.now() } });
  forgetDistributors(deps.store);
  return after ? ok(await toMerchantDistributor(deps, after)) : fail('CONFLICT', '状态已变化，请刷新');
}

export async function setDistributorLevel(deps: Deps, openid: string, p: { openid: string; level: string | null }): Promise<Result<MerchantDistributor>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可管理分销员');
  const settings = await getSettings(deps);
  if (p.level !== null && !settings.distributionLevels.some((l) => l.id === p.level)) return fail('INVALID_INPUT', 'level: 没有这个分销等级');
  const after = await deps.store.updateOne<DistributorRecord>('distributors', { _id: p.openid }, { set: { level: p.level, updatedAt: deps.clock.now() } });
  if (!after) return fail('NOT_FOUND', '分销员不存在');
  forgetDistributors(deps.store);
  return ok(await toMerchantDistributor(deps, after));
}

/** A share token's target, for a page opened by a poster's code (which carries only the token). */
export async function shareTarget(deps: Deps, token: string): Promise<Result<{ target: ShareTarget }>> {
  const l = SHARE_TOKEN.test(token) ? await deps.store.get<ShareLinkRecord>('share_links', token) : null;
  return l ? ok({ target: l.target }) : fail('NOT_FOUND', '链接已失效');
}

async function toMerchantWithdrawal(deps: Deps, w: WithdrawalRecord): Promise<MerchantWithdrawal> {
  const [p, d] = await Promise.all([profileOf(deps, w.distributor), deps.store.get<DistributorRecord>('distributors', w.distributor)]);
  return { ...toWithdrawal(w), openid: w.distributor, nickname: p.nickname, realName: d?.realName ?? '' };
}

export async function merchantWithdrawals(deps: Deps, openid: string, p: { status?: WithdrawalStatus; cursor?: string }): Promise<Result<Page<MerchantWithdrawal>>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可查看提现');
  const page = await deps.store.find<WithdrawalRecord>('withdrawals', p.status ? { status: p.status } : {}, { orderBy: [['createdAt', 'desc']], limit: 20, cursor: p.cursor ?? null });
  return ok({ items: await Promise.all(page.items.map((w) => toMerchantWithdrawal(deps, w))), nextCursor: page.nextCursor });
}

export async function reviewWithdrawal(deps: Deps, openid: string, p: { id: string; approve: boolean; note?: string }): Promise<Result<MerchantWithdrawal>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可处理提现');
  const note = p.note?.trim() || null;
  if (!p.approve && !note) return fail('INVALID_INPUT', 'note: 拒绝时请填写原因');
  const r = await decideWithdrawal(deps, p.id, p.approve, note);
  return r.ok ? ok(await toMerchantWithdrawal(deps, r.data)) : r;
}

export async function distributionSettings(deps: Deps, openid: string): Promise<Result<DistributionSettings>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可设置分销');
  return ok({ ...(await getSettings(deps)).distribution });
}

export async function saveDistributionSettings(deps: Deps, openid: string, p: Partial<DistributionSettings>): Promise<Result<DistributionSettings>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可设置分销');
  const current = (await deps.store.get<SettingRecord>('settings', 'distribution'))?.value ?? {};
  const merged = { ...(typeof current === 'object' && current ? current : {}), ...p };
  const next = readDistribution(merged);
  // A value the reader would not take is refused, not silently replaced by its default.
  for (const [k, v] of Object.entries(p)) {
    if ((next as unknown as Record<string, unknown>)[k] !== v) return fail('INVALID_INPUT', `${k}: 超出允许范围`);
  }
  if (next.tier1Bps + next.tier2Bps > 5000) return fail('INVALID_INPUT', 'tier1Bps + tier2Bps: 两级佣金合计不能超过 50%');
  const n = await deps.store.update('settings', { _id: 'distribution' }, { set: { value: next as never } });
  if (n === 0) {
    const r = await deps.store.insert('settings', { _id: 'distribution', value: next as never });
    if (!r.ok) await deps.store.update('settings', { _id: 'distribution' }, { set: { value: next as never } });
  }
  forgetSettings(deps.store);
  return ok(next);
}
