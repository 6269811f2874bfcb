import type { Kysely } from 'kysely';

/**
 * A migration is frozen once released: it takes an untyped Kysely rather than today's `DB`, because
 * it must keep producing the schema of its own time however the tables change later.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's documented type for migrations
export type UntypedKysely = Kysely<any>;

export interface Migration {
  version: number;
  name: string;
  up(db: UntypedKysely): Promise<void>;
}
