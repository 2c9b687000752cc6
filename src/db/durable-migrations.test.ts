// Every migration in migrations/ reaches the labs' Durable Objects: each journal entry is
// imported by durable-migrations.ts under the key drizzle's migrator looks it up by.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const journal = JSON.parse(
  readFileSync(new URL('../../migrations/meta/_journal.json', import.meta.url), 'utf8'),
) as { entries: { idx: number; tag: string }[] };
const source = readFileSync(new URL('./durable-migrations.ts', import.meta.url), 'utf8');

describe('the Durable Object migrations', () => {
  it.each(journal.entries.map((e) => [e.tag, e.idx] as const))('imports %s as m%i', (tag, idx) => {
    const key = `m${String(idx).padStart(4, '0')}`;
    expect(source).toContain(`import ${key} from '../../migrations/${tag}.sql';`);
    expect(source).toMatch(new RegExp(`migrations: \\{[^}]*\\b${key}\\b`));
  });
});
