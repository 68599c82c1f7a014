/**
 * True when A and B are the same shape: each assignable to the other, and
 * objects with the same keys at every depth, so a field added to a response
 * type without its schema (or the reverse) fails to compile. Used to tie the
 * TypeScript type a route returns to the zod schema the document shows.
 */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? SameKeys<A, B> : false) : false;

type SameKeys<A, B> = [A] extends [readonly (infer EA)[]]
  ? [B] extends [readonly (infer EB)[]]
    ? SameShape<EA, EB>
    : false
  : [A] extends [object]
    ? [B] extends [object]
      ? [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never]
        ? false extends { [K in keyof A & keyof B]-?: SameShape<NonNullable<A[K]>, NonNullable<B[K]>> }[keyof A & keyof B]
          ? false
          : true
        : false
      : true
    : true;

/** Compiles only when given `true`: `type _ = Assert<SameShape<View, z.output<typeof viewSchema>>>`. */
export type Assert<T extends true> = T;
