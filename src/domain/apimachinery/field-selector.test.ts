import { describe, expect, it } from 'vitest';
import { matchesFields, parseFieldSelector } from './field-selector';

const event = {
  metadata: { name: 'web.1', namespace: 'default' },
  involvedObject: { kind: 'Pod', name: 'web', uid: 'u-1' },
  type: 'Normal',
};

describe('field selectors', () => {
  it.each([
    { name: 'an empty selector matches everything', selector: '', matches: true },
    { name: 'equality on a nested field', selector: 'involvedObject.kind=Pod', matches: true },
    { name: 'double equals', selector: 'metadata.name==web.1', matches: true },
    { name: 'inequality', selector: 'type!=Warning', matches: true },
    {
      name: 'every term must hold',
      selector: 'involvedObject.name=web,involvedObject.kind=Service',
      matches: false,
    },
    { name: 'a missing field is the empty string', selector: 'source.host=', matches: true },
    { name: 'escaped commas stay in the value', selector: 'metadata.name=web\\,1', matches: false },
    { name: 'an inherited property is missing', selector: 'metadata.constructor=', matches: true },
    {
      name: 'an inherited function is not a value',
      selector: 'metadata.constructor=function Object() { [native code] }',
      matches: false,
    },
    { name: '__proto__ is missing too', selector: 'metadata.__proto__!=', matches: false },
    { name: 'an object is no value', selector: 'involvedObject=[object Object]', matches: false },
  ])('$name', ({ selector, matches }) => {
    expect(matchesFields(parseFieldSelector(selector), event)).toBe(matches);
  });

  it('refuses a term without an operator', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow(
      "invalid selector: 'metadata.name'; can't understand 'metadata.name'",
    );
  });

  it.each([
    {
      name: 'a Pod by spec.nodeName',
      kind: 'Pod',
      group: '',
      selector: 'spec.nodeName=n1',
      path: 'spec.nodeName',
    },
    {
      name: 'a Pod by the legacy spec.host',
      kind: 'Pod',
      group: '',
      selector: 'spec.host=n1',
      path: 'spec.nodeName',
    },
    {
      name: 'a ConfigMap by metadata.name',
      kind: 'ConfigMap',
      group: '',
      selector: 'metadata.name=a',
      path: 'metadata.name',
    },
    {
      name: 'an Event by involvedObject.uid',
      kind: 'Event',
      group: '',
      selector: 'involvedObject.uid=u',
      path: 'involvedObject.uid',
    },
  ])('takes $name', ({ kind, group, selector, path }) => {
    expect(parseFieldSelector(selector, { kind, group })[0]?.path.join('.')).toBe(path);
  });

  it.each([
    {
      kind: 'ConfigMap',
      group: '',
      selector: 'data.a=b',
      message: '"data.a" is not a known field selector: only "metadata.name", "metadata.namespace"',
    },
    {
      kind: 'Deployment',
      group: 'apps',
      selector: 'status.replicas=1',
      message:
        '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    },
    {
      kind: 'Pod',
      group: '',
      selector: 'metadata.constructor=x',
      message: 'field label not supported: metadata.constructor',
    },
    {
      kind: 'Node',
      group: '',
      selector: 'metadata.namespace=x',
      message: 'field label not supported: metadata.namespace',
    },
  ])('refuses $kind by $selector', ({ kind, group, selector, message }) => {
    expect(() => parseFieldSelector(selector, { kind, group })).toThrow(message);
  });

  it('reads an absent boolean field as false', () => {
    const reqs = parseFieldSelector('spec.unschedulable=false', { kind: 'Node', group: '' });
    expect(matchesFields(reqs, { metadata: { name: 'n' }, spec: {} })).toBe(true);
  });
});
