/**
 * Sharing as a distributor (cloud function `dist`): whether the caller is one (`dist.me`, which answers status
 * 'none' to anyone else) and the caller's link for a target (`dist.link`, the same token ever after).
 */
import type { DistMe, ShareTarget } from '../../typings/api';
import { call } from './api';

export function fetchDistMe(): Promise<DistMe> {
  return call('dist', 'me', {});
}

export function fetchShareLink(target: ShareTarget): Promise<{ token: string; path: string }> {
  return call('dist', 'link', { target });
}
