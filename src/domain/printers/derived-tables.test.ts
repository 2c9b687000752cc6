import { describe, expect, it } from 'vitest';
import { endpointSliceTable, eventTable } from './derived-tables';
import { renderTable } from './table';

const now = new Date('2026-11-22T10:01:00Z');
const created = '2026-11-22T10:00:00Z';

describe('endpointSliceTable', () => {
  it('prints up to three addresses, then + N more..., and <unset> when empty', () => {
    const table = endpointSliceTable(
      [
        {
          metadata: { name: 'web-x2b4c', creationTimestamp: created },
          addressType: 'IPv4',
          ports: [{ name: '', port: 80 }],
          endpoints: ['10.244.1.2', '10.244.1.3', '10.244.2.2', '10.244.2.3'].map((ip) => ({
            addresses: [ip],
          })),
        },
        { metadata: { name: 'empty-q7w9z', creationTimestamp: created }, addressType: 'IPv4' },
      ],
      now,
    );
    expect(renderTable(table, { wide: false })).toBe(
      [
        'NAME          ADDRESSTYPE   PORTS     ENDPOINTS                                      AGE',
        'web-x2b4c     IPv4          80        10.244.1.2,10.244.1.3,10.244.2.2 + 1 more...   60s',
        'empty-q7w9z   IPv4          <unset>   <unset>                                        60s',
        '',
      ].join('\n'),
    );
  });
});

describe('eventTable', () => {
  const event = {
    metadata: { name: 'nginx.1f2e3d4c5b6a7988', creationTimestamp: created },
    involvedObject: { kind: 'Pod', name: 'nginx', fieldPath: 'spec.containers{nginx}' },
    reason: 'Started',
    message: 'Started container nginx',
    type: 'Normal',
    count: 1,
    firstTimestamp: created,
    lastTimestamp: created,
    source: { component: 'kubelet', host: 'node01' },
  };

  it('prints LAST SEEN TYPE REASON OBJECT MESSAGE', () => {
    expect(renderTable(eventTable([event], now), { wide: false })).toBe(
      [
        'LAST SEEN   TYPE     REASON    OBJECT      MESSAGE',
        '60s         Normal   Started   pod/nginx   Started container nginx',
        '',
      ].join('\n'),
    );
  });

  it('adds SUBOBJECT, SOURCE, FIRST SEEN, COUNT and NAME under -o wide', () => {
    const [header, row] = renderTable(eventTable([event], now), { wide: true }).split('\n');
    expect(header!.split(/\s{3,}/)).toEqual([
      'LAST SEEN',
      'TYPE',
      'REASON',
      'OBJECT',
      'SUBOBJECT',
      'SOURCE',
      'MESSAGE',
      'FIRST SEEN',
      'COUNT',
      'NAME',
    ]);
    expect(row!.split(/\s{3,}/)).toEqual([
      '60s',
      'Normal',
      'Started',
      'pod/nginx',
      'spec.containers{nginx}',
      'kubelet, node01',
      'Started container nginx',
      '60s',
      '1',
      'nginx.1f2e3d4c5b6a7988',
    ]);
  });
});
