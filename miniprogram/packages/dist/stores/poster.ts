/** A poster to share (`dist.poster`): the code image, what the poster shows, the distributor's name. */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { SharePoster, ShareTarget } from '../../../../typings/api';
import type { UiError } from '../../../utils/errors';
import { toUiError } from '../../../utils/errors';
import { fetchPoster } from '../services/dist';

export class PosterStore {
  poster: SharePoster | null = null;
  loading = false;
  error: UiError | null = null;
  target: ShareTarget = { type: 'home' };

  constructor() {
    makeAutoObservable(this);
  }

  async load(target: ShareTarget): Promise<void> {
    this.target = target;
    this.loading = true;
    this.error = null;
    try {
      this.receive(await fetchPoster(target));
    } catch (err) {
      this.fail(err);
    }
  }

  private receive(poster: SharePoster): void {
    this.poster = poster;
    this.loading = false;
  }

  private fail(err: unknown): void {
    this.error = toUiError(err, 'distribution');
    this.loading = false;
  }
}

/** The target a poster page was opened for: `?type=product&id=` or the home page. */
export function posterTarget(query: Record<string, string | undefined>): ShareTarget {
  if (query.type === 'product' && query.id) {
    let id = query.id;
    try {
      id = decodeURIComponent(id);
    } catch {
      // as it is
    }
    return { type: 'product', id };
  }
  return { type: 'home' };
}

export const posterStore = new PosterStore();
