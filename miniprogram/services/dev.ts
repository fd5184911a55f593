/** Local-cloud developer services: the identity list and the identity calls are made as. Local mode only. */
import { defaultDevIdentity, fetchDevIdentities, getDevOpenid, isLocalMode, setDevOpenid } from './api';
import type { DevIdentity } from './api';

export type { DevIdentity };
export { defaultDevIdentity };

/** `GET /dev/identities` of the local cloud; empty in cloud mode. */
export async function listDevIdentities(): Promise<DevIdentity[]> {
  if (!isLocalMode()) return [];
  return fetchDevIdentities();
}

/** The openid local calls are made as (null until chosen or defaulted on the first call). */
export function getCurrentDevOpenid(): string | null {
  return getDevOpenid();
}

export function setCurrentDevOpenid(openid: string): void {
  setDevOpenid(openid);
}
