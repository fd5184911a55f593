/** User service (cloud function `user`): who am I, and the shopper's shipping addresses. */
import type { Address, EnterPayload, EnterResult, Me, SaveAddressPayload } from '../../typings/api';
import { call } from './api';

export function fetchMe(): Promise<Me> {
  return call('user', 'me', {});
}

/** The default address first, then newest first. */
export function listAddresses(): Promise<Address[]> {
  return call('user', 'addresses', {});
}

/** Creates (no id) or updates an address; answers it as saved. */
export function saveAddress(payload: SaveAddressPayload): Promise<Address> {
  return call('user', 'saveAddress', payload);
}

export async function removeAddress(id: string): Promise<void> {
  await call('user', 'removeAddress', { id });
}

/** Tells the server how the app was entered (scene, query with `st`): it may bind the shopper to a distributor. */
export function sendEnter(payload: EnterPayload): Promise<EnterResult> {
  return call('user', 'enter', payload);
}
