/**
 * The distributor's lists, each cursor-paginated from its `dist` action: products to promote, links, customers,
 * team, withdrawals; and the ledger by tab (全部 / 待结算 / 已结算).
 */
import { action, makeObservable, observable } from 'mobx-miniprogram';
import type { DistCustomer, DistTeamMember, LedgerEntry, Page, ShareLink, Withdrawal } from '../../../../typings/api';
import { PagedList } from '../../../stores/paged-list';
import type { PromoteItem } from '../services/dist';
import { listCustomers, listLedger, listLinks, listPromote, listTeam, listWithdrawals } from '../services/dist';
import { LEDGER_TABS } from '../utils/dist';

/** A list read from one `dist` action. */
export class DistList<T> extends PagedList<T> {
  constructor(
    keyOf: (item: T) => string,
    private readonly fetch: (cursor: string | null) => Promise<Page<T>>,
  ) {
    super(keyOf, 'distribution');
    makeObservable(this, { reset: action });
  }

  reset(): Promise<void> {
    this.startOver();
    return this.loadFirst();
  }

  protected fetchPage(cursor: string | null): Promise<Page<T>> {
    return this.fetch(cursor);
  }
}

export const promoteList = new DistList<PromoteItem>((p) => p.id, listPromote);
export const linkList = new DistList<ShareLink>((l) => l.token, listLinks);
export const customerList = new DistList<DistCustomer>((c) => `${c.nickname}|${c.boundAt}`, listCustomers);
export const teamList = new DistList<DistTeamMember>((m) => `${m.nickname}|${m.joinedAt}`, listTeam);
export const withdrawalList = new DistList<Withdrawal>((w) => w.id, listWithdrawals);

export class LedgerStore extends PagedList<LedgerEntry> {
  tab = 0;

  constructor() {
    super((e) => e.id, 'distribution');
    makeObservable(this, { tab: observable, reset: action });
  }

  /** The entries of tab `index` from the first page. */
  reset(index: number): Promise<void> {
    this.startOver();
    this.tab = LEDGER_TABS[index] ? index : 0;
    return this.loadFirst();
  }

  protected fetchPage(cursor: string | null): Promise<Page<LedgerEntry>> {
    return listLedger(LEDGER_TABS[this.tab]?.status, cursor);
  }
}

export const ledgerList = new LedgerStore();
