// SQLite tables shared by better-sqlite3 and D1; drizzle-kit generates migrations/ from this file.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const labs = sqliteTable(
  'labs',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    settings: text('settings').notNull(),
    /** resourceVersion counter; each committed write plan moves it forward by one. */
    revision: integer('revision').notNull(),
    /** Set to NULL (and so rejected by NOT NULL) when a write plan's base revision is stale. */
    revisionGuard: integer('revision_guard').notNull(),
    /** Counts simulated connections: the n-th one draws the n-th random number of the lab's seed. */
    requestSeq: integer('request_seq').notNull().default(0),
    createdAt: text('created_at').notNull(),
    /** SHA-256 (hex) of the lab's bearer token; NULL for a lab without one (the default lab). */
    tokenHash: text('token_hash'),
    /** The lesson template the lab starts from (and resets to); NULL for a bare cluster. */
    template: text('template'),
    /** The nodes and settings the lab was created with (JSON), what a reset goes back to. */
    creation: text('creation'),
    /** RFC 3339 instant after which the lab answers 404 and is purged; NULL: never expires. */
    expiresAt: text('expires_at'),
    /** The latest lesson grade (JSON {points, maxPoints, gradedAt}); NULL: never graded since reset. */
    latestScore: text('latest_score'),
  },
  (t) => [index('labs_expires_at').on(t.expiresAt)],
);

export const objects = sqliteTable(
  'objects',
  {
    labId: text('lab_id').notNull(),
    kind: text('kind').notNull(),
    namespace: text('namespace').notNull(),
    name: text('name').notNull(),
    uid: text('uid').notNull(),
    resourceVersion: integer('resource_version').notNull(),
    body: text('body').notNull(),
  },
  (t) => [primaryKey({ columns: [t.labId, t.kind, t.namespace, t.name] })],
);

/** The allocators' bitmaps; the primary key is the last guard against double allocation. */
export const allocations = sqliteTable(
  'allocations',
  {
    labId: text('lab_id').notNull(),
    kind: text('kind').notNull(),
    value: text('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.labId, t.kind, t.value] })],
);

export const hits = sqliteTable(
  'hits',
  {
    labId: text('lab_id').notNull(),
    namespace: text('namespace').notNull(),
    service: text('service').notNull(),
    pod: text('pod').notNull(),
    node: text('node').notNull(),
    /** The node the connections entered (whose kube-proxy forwarded them); '' for older rows. */
    entryNode: text('entry_node').notNull().default(''),
    podIp: text('pod_ip').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.labId, t.namespace, t.service, t.pod, t.node, t.entryNode] })],
);

/**
 * Hits as Node's group commit appends them (hit-journal.ts): a row per commit, its hits a JSON
 * array, at the end of the table, folded into `hits` before anything reads or changes them.
 * Upserting into `hits` itself dirtied two pages per lab per commit; other stores leave it empty.
 */
export const hitJournal = sqliteTable('hit_journal', {
  id: integer('id').primaryKey(),
  /** [[lab, namespace, service, pod, node, entry node, pod IP, count], ...] */
  hits: text('hits').notNull(),
});

/** kube-proxy's per-connection memory: ClientIP affinity entries and ipvs round-robin cursors. */
export const proxyState = sqliteTable(
  'proxy_state',
  {
    labId: text('lab_id').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.labId, t.key] })],
);

/**
 * Container logs: a row holds `count` consecutive lines of one run (log-rows.ts), `id` ordering a
 * lab's rows as written. A run is one container ID (see src/domain/kubelet/logs/container-log.ts
 * for the rings' bounds). Lines share a row so that storing a burst of access lines spread over
 * many labs costs a row (and an index entry) per run, not per line.
 */
export const containerLogs = sqliteTable(
  'container_logs',
  {
    // The rowid, without AUTOINCREMENT (whose counter row would cost a page write per line): ids
    // grow within a run, since its own newest line is never deleted before a newer one exists.
    id: integer('id').primaryKey(),
    labId: text('lab_id').notNull(),
    namespace: text('namespace').notNull(),
    pod: text('pod').notNull(),
    container: text('container').notNull(),
    run: text('run').notNull(),
    /** Lab time the row's first line was written, ms since the epoch. */
    time: integer('time').notNull(),
    /** The row's lines, joined by newlines when `count` is over 1 (a line itself has none then). */
    line: text('line').notNull(),
    count: integer('count').notNull().default(1),
    /** When `count` is over 1: each later line's time after `time`, in ms, comma-separated. */
    times: text('times'),
  },
  // One index serves every query: a run's lines in order, a pod's or container's rows, a lab's.
  // Each index costs a page write per line on the request route, so there is only one.
  (t) => [index('container_logs_run').on(t.labId, t.namespace, t.pod, t.container, t.run, t.id)],
);
