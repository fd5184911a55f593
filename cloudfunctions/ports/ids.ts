/** Identifier generation. Order numbers and share tokens are unguessable: a time-sortable prefix + randomness. */
export interface Ids {
  /** A new document id: time-sortable, 24 chars of [0-9a-z]. */
  newId(now: number): string;
}
