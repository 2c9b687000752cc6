import { describe, expect, it } from 'vitest';
import { parseFieldPath, valueAt } from './field-path';

describe('parseFieldPath', () => {
  it.each([
    ['spec.ports[0].nodePort', ['spec', 'ports', 0, 'nodePort']],
    ['metadata.labels["app.kubernetes.io/name"]', ['metadata', 'labels', 'app.kubernetes.io/name']],
    ["data['default.conf']", ['data', 'default.conf']],
    ['spec.externalIPs[12]', ['spec', 'externalIPs', 12]],
    ['kind', ['kind']],
  ])('reads %s', (path, segments) => {
    expect(parseFieldPath(path)).toEqual(segments);
  });

  it.each([
    '',
    '.spec',
    'spec..ports',
    'spec ports',
    'spec.ports[x]',
    'spec.ports[0]nodePort',
    'a["b]',
  ])('refuses %j', (path) => {
    expect(parseFieldPath(path)).toBeUndefined();
  });
});

describe('valueAt', () => {
  const obj = { spec: { ports: [{ port: 80, nodePort: 30007 }], selector: { app: 'web' } } };

  it('finds values, objects included', () => {
    expect(valueAt(obj, ['spec', 'ports', 0, 'nodePort'])).toEqual({ found: true, value: 30007 });
    expect(valueAt(obj, ['spec', 'selector'])).toEqual({ found: true, value: { app: 'web' } });
  });

  it('says when a step is missing', () => {
    expect(valueAt(obj, ['spec', 'ports', 1, 'port'])).toEqual({ found: false });
    expect(valueAt(obj, ['spec', 'ports', 'port'])).toEqual({ found: false });
    expect(valueAt(obj, ['spec', 'selector', 'toString'])).toEqual({ found: false });
  });
});
