/**
 * Distribution service (cloud function `dist`): applying, the distributor's account (me), products to promote,
 * posters, links, customers, team, the commission ledger and withdrawals. Anyone but an approved distributor is
 * answered FORBIDDEN (except `me`, which answers status 'none', and `apply`). Images from the local cloud
 * ("/static/...") become full URLs here.
 */
import type { DistCustomer, DistMe, DistributorStatus, DistTeamMember, LedgerEntry, Page, ProductSummary, SharePoster, ShareLink, ShareTarget, Withdrawal } from '../../../../typings/api';
import { assetUrl, call } from '../../../services/api';

const withCursor = (cursor: string | null): { cursor?: string } => (cursor ? { cursor } : {});

export function fetchMe(): Promise<DistMe> {
  return call('dist', 'me', {});
}

export function applyDistributor(form: { realName: string; phone: string; reason?: string }): Promise<{ status: DistributorStatus }> {
  return call('dist', 'apply', form);
}

export type PromoteItem = ProductSummary & { earn: number };

export async function listPromote(cursor: string | null): Promise<Page<PromoteItem>> {
  const page = await call('dist', 'promote', withCursor(cursor));
  return { items: page.items.map((p) => ({ ...p, image: p.image ? assetUrl(p.image) : p.image })), nextCursor: page.nextCursor };
}

export async function fetchPoster(target: ShareTarget): Promise<SharePoster> {
  const p = await call('dist', 'poster', { target });
  return {
    ...p,
    image: assetUrl(p.image),
    product: p.product ? { ...p.product, image: p.product.image ? assetUrl(p.product.image) : '' } : null,
    distributor: { ...p.distributor, avatar: p.distributor.avatar ? assetUrl(p.distributor.avatar) : null },
  };
}

export function listLinks(cursor: string | null): Promise<Page<ShareLink>> {
  return call('dist', 'links', withCursor(cursor));
}

export function listCustomers(cursor: string | null): Promise<Page<DistCustomer>> {
  return call('dist', 'customers', withCursor(cursor));
}

export function listTeam(cursor: string | null): Promise<Page<DistTeamMember>> {
  return call('dist', 'team', withCursor(cursor));
}

export function listLedger(status: 'pending' | 'settled' | undefined, cursor: string | null): Promise<Page<LedgerEntry>> {
  return call('dist', 'ledger', { ...(status ? { status } : {}), ...withCursor(cursor) });
}

export function withdraw(amount: number): Promise<Withdrawal> {
  return call('dist', 'withdraw', { amount });
}

export function listWithdrawals(cursor: string | null): Promise<Page<Withdrawal>> {
  return call('dist', 'withdrawals', withCursor(cursor));
}
