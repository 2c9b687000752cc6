// The SQL files in migrations/, bundled into the Worker as text (wrangler.toml [[rules]] "Text"),
// in the shape drizzle's Durable Object migrator reads: the same migrations D1 and Node apply,
// run by each lab's object on itself. A file added to migrations/ must be imported here too
// (durable-migrations.test.ts fails until it is).
import journal from '../../migrations/meta/_journal.json';
import m0000 from '../../migrations/0000_init.sql';
import m0001 from '../../migrations/0001_labs_tokens_templates.sql';
import m0002 from '../../migrations/0002_hits_entry_node.sql';
import m0003 from '../../migrations/0003_labs_latest_score.sql';
import m0004 from '../../migrations/0004_container_logs.sql';
import m0005 from '../../migrations/0005_log_rows.sql';
import m0006 from '../../migrations/0006_hit_journal.sql';

/** drizzle-orm/durable-sqlite/migrator's config: the journal and each file by `m<idx>`. */
export const LAB_OBJECT_MIGRATIONS = {
  journal,
  migrations: { m0000, m0001, m0002, m0003, m0004, m0005, m0006 } as Record<string, string>,
};
