/** Function `order`: placeholder until its use cases land (no actions yet: every call is UNKNOWN_ACTION). */
import { defineServiceFunction } from './kit';

export const order = defineServiceFunction('order', {});
