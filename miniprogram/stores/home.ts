/**
 * The home page's merchandising: banners, the promotion strip, the category shortcuts and the shop's Channels
 * account (shop.home).
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { Category, HomeBanner, HomeNotice, HomeView } from '../../typings/api';
import { getHome } from '../services/catalog';
import type { UiError } from '../utils/errors';
import { toUiError } from '../utils/errors';

export class HomeStore {
  banners: HomeBanner[] = [];
  notices: HomeNotice[] = [];
  categories: Category[] = [];
  /** The shop's Channels (视频号) account, or null when none is set. */
  channels: HomeView['channels'] = null;
  loading = false;
  loaded = false;
  error: UiError | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      const home = await getHome();
      this.receive(home.banners, home.notices, home.categories, home.channels);
    } catch (err) {
      this.fail(err);
    }
  }

  private receive(banners: HomeBanner[], notices: HomeNotice[], categories: Category[], channels: HomeView['channels']): void {
    this.banners = banners;
    this.channels = channels;
    this.notices = notices;
    this.categories = categories;
    this.loading = false;
    this.loaded = true;
    this.error = null;
  }

  private fail(err: unknown): void {
    this.loading = false;
    this.error = toUiError(err, 'catalog');
  }
}

export const homeStore = new HomeStore();
