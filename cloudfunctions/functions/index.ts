/** Every deployable function. The build bundles one entry per item; the local cloud serves them all. */
import type { FunctionDef } from './kit';
import { shop } from './shop';

export const FUNCTIONS: Record<string, FunctionDef> = {
  shop,
};
