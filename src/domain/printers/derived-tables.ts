// Tables for the kinds derived on read: EndpointSlices, Events and Leases (kubernetes
// pkg/printers/internalversion printEndpointSlice, printEvent, printLease).
import type { ObjectMeta } from '../../schema/kube/meta';
import { ageSince } from './age';
import { ageCell, ageColumn, column, nameColumn, row, type Table } from './table';

export interface EndpointSliceLike {
  metadata: ObjectMeta;
  addressType?: string;
  endpoints?: { addresses?: string[] }[];
  ports?: { name?: string; port?: number }[];
}

export interface EventLike {
  metadata: ObjectMeta;
  involvedObject?: { kind?: string; name?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  source?: { component?: string; host?: string };
}

export interface LeaseLike {
  metadata: ObjectMeta;
  spec?: { holderIdentity?: string };
}

/** NAME HOLDER AGE. */
export function leaseTable(leases: readonly LeaseLike[], now: Date): Table {
  return {
    columns: [
      nameColumn,
      column(
        'Holder',
        'string',
        'holderIdentity contains the identity of the holder of a current lease.',
      ),
      ageColumn,
    ],
    rows: leases.map((l) =>
      row(l, [l.metadata.name ?? '', l.spec?.holderIdentity ?? '', ageCell(l, now)]),
    ),
  };
}

const MAX_SHOWN = 3;

/** Up to 3 items then ` + N more...`; `<unset>` when empty (listWithMoreString). */
function listWithMore(items: string[]): string {
  const shown = items.slice(0, MAX_SHOWN).join(',');
  if (items.length > MAX_SHOWN) return `${shown} + ${items.length - MAX_SHOWN} more...`;
  return shown || '<unset>';
}

/** NAME ADDRESSTYPE PORTS ENDPOINTS AGE. */
export function endpointSliceTable(slices: readonly EndpointSliceLike[], now: Date): Table {
  return {
    columns: [
      nameColumn,
      column(
        'AddressType',
        'string',
        'addressType specifies the type of address carried by this EndpointSlice.',
      ),
      column(
        'Ports',
        'string',
        'ports specifies the list of network ports exposed by each endpoint in this slice.',
      ),
      column('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice.'),
      ageColumn,
    ],
    rows: slices.map((s) =>
      row(s, [
        s.metadata.name ?? '',
        s.addressType ?? '',
        listWithMore(
          (s.ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : p.name || '*')),
        ),
        listWithMore((s.endpoints ?? []).flatMap((e) => e.addresses ?? [])),
        ageCell(s, now),
      ]),
    ),
  };
}

/** LAST SEEN TYPE REASON OBJECT MESSAGE, wide adds SUBOBJECT SOURCE FIRST SEEN COUNT NAME. */
export function eventTable(events: readonly EventLike[], now: Date): Table {
  return {
    columns: [
      column(
        'Last Seen',
        'string',
        'The time at which the most recent occurrence of this event was recorded.',
      ),
      column(
        'Type',
        'string',
        'Type of this event (Normal, Warning), new types could be added in the future',
      ),
      column(
        'Reason',
        'string',
        "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
      ),
      column('Object', 'string', 'The object that this event is about.'),
      column(
        'Subobject',
        'string',
        'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.',
        1,
      ),
      column(
        'Source',
        'string',
        'The component reporting this event. Should be a short machine understandable string.',
        1,
      ),
      column('Message', 'string', 'A human-readable description of the status of this operation.'),
      column(
        'First Seen',
        'string',
        'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
        1,
      ),
      column('Count', 'string', 'The number of times this event has occurred.', 1),
      { ...nameColumn, priority: 1 },
    ],
    rows: events.map((e) => {
      const first = ageSince(e.firstTimestamp ?? undefined, now);
      const last = e.lastTimestamp ? ageSince(e.lastTimestamp, now) : first;
      const involved = e.involvedObject ?? {};
      const kind = (involved.kind ?? '').toLowerCase();
      const source = e.source ?? {};
      return row(e, [
        last,
        e.type ?? '',
        e.reason ?? '',
        involved.name ? `${kind}/${involved.name}` : kind,
        involved.fieldPath ?? '',
        source.host ? `${source.component ?? ''}, ${source.host}` : (source.component ?? ''),
        (e.message ?? '').trim(),
        first,
        e.count ?? 1,
        e.metadata.name ?? '',
      ]);
    }),
  };
}
