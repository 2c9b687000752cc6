import { describe, expect, it } from 'vitest';
import { fieldErrorText } from './field-errors';
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  validateAnnotations,
  validateLabels,
  validateObjectMeta,
  validateObjectName,
} from './names';

// Texts copied from K8S_FACTS section 2 (two spaces before `or`, as Kubernetes prints them).
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const CONFIG_KEY =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const TOO_LONG_63 = 'must be no more than 63 characters';

type Rule = (value: string) => string[];
const cases: Array<{ name: string; rule: Rule; value: string; want: string[] }> = [
  { name: 'dns1035 accepts my-svc', rule: isDNS1035Label, value: 'my-svc', want: [] },
  { name: 'dns1035 rejects a leading digit', rule: isDNS1035Label, value: '1web', want: [DNS1035] },
  { name: 'dns1035 rejects upper case', rule: isDNS1035Label, value: 'Web', want: [DNS1035] },
  { name: 'dns1035 rejects a trailing dash', rule: isDNS1035Label, value: 'web-', want: [DNS1035] },
  {
    name: 'dns1035 rejects 64 chars',
    rule: isDNS1035Label,
    value: 'a'.repeat(64),
    want: [TOO_LONG_63],
  },
  { name: 'dns1035 accepts 63 chars', rule: isDNS1035Label, value: 'a'.repeat(63), want: [] },
  {
    name: 'dns1123 label accepts a leading digit',
    rule: isDNS1123Label,
    value: '123-abc',
    want: [],
  },
  {
    name: 'dns1123 label rejects underscores',
    rule: isDNS1123Label,
    value: 'my_port',
    want: [LABEL],
  },
  {
    name: 'dns1123 label rejects dots apart',
    rule: isDNS1123Label,
    value: 'a.b',
    want: ['must not contain dots'],
  },
  {
    name: 'dns1123 label too long and bad',
    rule: isDNS1123Label,
    value: `${'a'.repeat(63)}-`,
    want: [TOO_LONG_63, LABEL],
  },
  { name: 'subdomain accepts dots', rule: isDNS1123Subdomain, value: 'web.example.com', want: [] },
  {
    name: 'subdomain rejects upper case',
    rule: isDNS1123Subdomain,
    value: 'Web',
    want: [SUBDOMAIN],
  },
  {
    name: 'subdomain rejects 254 chars',
    rule: isDNS1123Subdomain,
    value: 'a'.repeat(254),
    want: ['must be no more than 253 characters'],
  },
  { name: 'port name http', rule: isValidPortName, value: 'http', want: [] },
  {
    name: 'port name too long',
    rule: isValidPortName,
    value: 'a'.repeat(16),
    want: ['must be no more than 15 characters'],
  },
  {
    name: 'port name with upper case',
    rule: isValidPortName,
    value: 'HTTP',
    want: [
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must contain at least one letter (a-z)',
    ],
  },
  {
    name: 'port name all digits',
    rule: isValidPortName,
    value: '8080',
    want: ['must contain at least one letter (a-z)'],
  },
  {
    name: 'port name double dash',
    rule: isValidPortName,
    value: 'a--b',
    want: ['must not contain consecutive hyphens'],
  },
  {
    name: 'port name leading dash',
    rule: isValidPortName,
    value: '-ab',
    want: ['must not begin or end with a hyphen'],
  },
  { name: 'label key plain', rule: isQualifiedName, value: 'app', want: [] },
  { name: 'label key with prefix', rule: isQualifiedName, value: 'example.com/App_1', want: [] },
  { name: 'label key with a space', rule: isQualifiedName, value: 'bad key!', want: [NAME_PART] },
  {
    name: 'label key empty prefix',
    rule: isQualifiedName,
    value: '/app',
    want: ['prefix part must be non-empty'],
  },
  {
    name: 'label key bad prefix',
    rule: isQualifiedName,
    value: 'Example.com/app',
    want: [`prefix part ${SUBDOMAIN}`],
  },
  {
    name: 'label key empty name',
    rule: isQualifiedName,
    value: 'example.com/',
    want: ['name part must be non-empty', NAME_PART],
  },
  {
    name: 'label key two slashes',
    rule: isQualifiedName,
    value: 'a/b/c',
    want: [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
  },
  { name: 'label value empty', rule: isValidLabelValue, value: '', want: [] },
  { name: 'label value bad', rule: isValidLabelValue, value: 'a b', want: [LABEL_VALUE] },
  {
    name: 'label value 64 chars',
    rule: isValidLabelValue,
    value: 'v'.repeat(64),
    want: [TOO_LONG_63],
  },
  { name: 'config key ok', rule: isConfigMapKey, value: 'default.conf', want: [] },
  { name: 'config key with slash', rule: isConfigMapKey, value: 'a/b', want: [CONFIG_KEY] },
  { name: 'config key dot-dot', rule: isConfigMapKey, value: '..', want: ["must not be '..'"] },
  {
    name: 'config key starting ..',
    rule: isConfigMapKey,
    value: '..a',
    want: ["must not start with '..'"],
  },
  { name: 'percent ok', rule: isValidPercent, value: '25%', want: [] },
  {
    name: 'percent bad',
    rule: isValidPercent,
    value: '25',
    want: [
      "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ],
  },
];

describe('string rules', () => {
  it.each(cases)('$name', ({ rule, value, want }) => {
    expect(rule(value)).toEqual(want);
  });

  it.each([
    [0, ['must be between 1 and 65535, inclusive']],
    [1, []],
    [65535, []],
    [65536, ['must be between 1 and 65535, inclusive']],
  ])('port number %i', (port, want) => {
    expect(isValidPortNum(port)).toEqual(want);
  });
});

const texts = (errs: Parameters<typeof fieldErrorText>[0][]) => errs.map(fieldErrorText);

describe('validateObjectName', () => {
  it.each([
    { name: 'valid service name', value: 'web', kind: 'dns1035' as const, want: [] },
    {
      name: 'service name with a dot',
      value: 'web.v1',
      kind: 'dns1035' as const,
      want: [`metadata.name: Invalid value: "web.v1": ${DNS1035}`],
    },
    { name: 'pod name with a dot', value: 'web.v1', kind: 'dns1123subdomain' as const, want: [] },
    {
      name: 'namespace with upper case',
      value: 'Dev',
      kind: 'dns1123label' as const,
      want: [`metadata.name: Invalid value: "Dev": ${LABEL}`],
    },
  ])('$name', ({ value, kind, want }) => {
    expect(texts(validateObjectName(value, 'metadata.name', kind))).toEqual(want);
  });
});

describe('validateLabels', () => {
  it('reports key and value problems on the map path with the offending text as value', () => {
    const errs = validateLabels({ 'bad key!': 'ok', app: 'bad value' }, 'metadata.labels');
    expect(texts(errs)).toEqual([
      `metadata.labels: Invalid value: "bad key!": ${NAME_PART}`,
      `metadata.labels: Invalid value: "bad value": ${LABEL_VALUE}`,
    ]);
  });

  it('accepts absent and valid labels', () => {
    expect(validateLabels(undefined, 'spec.selector')).toEqual([]);
    expect(validateLabels({ 'app.kubernetes.io/name': 'web', tier: '' }, 'spec.selector')).toEqual(
      [],
    );
  });
});

describe('validateObjectMeta', () => {
  it.each([
    {
      name: 'missing name',
      meta: {},
      want: ['metadata.name: Required value: name or generateName is required'],
    },
    {
      name: 'too long service name',
      meta: { name: 'a'.repeat(64) },
      want: [`metadata.name: Invalid value: "${'a'.repeat(64)}": ${TOO_LONG_63}`],
    },
    {
      name: 'generateName with trailing dash is fine, name still required',
      meta: { generateName: 'web-' },
      want: ['metadata.name: Required value: name or generateName is required'],
    },
    {
      name: 'bad namespace',
      meta: { name: 'web', namespace: 'Dev' },
      want: [`metadata.namespace: Invalid value: "Dev": ${LABEL}`],
    },
    {
      name: 'negative generation',
      meta: { name: 'web', generation: -1 },
      want: ['metadata.generation: Invalid value: -1: must be greater than or equal to 0'],
    },
    {
      name: 'bad label and annotation keys',
      meta: { name: 'web', labels: { 'a b': 'x' }, annotations: { 'c d': 'y' } },
      want: [
        `metadata.labels: Invalid value: "a b": ${NAME_PART}`,
        `metadata.annotations: Invalid value: "c d": ${NAME_PART}`,
      ],
    },
  ])('$name', ({ meta, want }) => {
    expect(texts(validateObjectMeta(meta, 'metadata', 'dns1035'))).toEqual(want);
  });

  it('ignores the namespace of cluster-scoped objects', () => {
    expect(
      validateObjectMeta({ name: 'dev', namespace: 'X' }, 'metadata', 'dns1123label', false),
    ).toEqual([]);
  });

  it('annotation keys are checked case-insensitively and total size is limited', () => {
    expect(validateAnnotations({ 'Example.COM/Key': 'v' }, 'metadata.annotations')).toEqual([]);
    const big = { a: 'x'.repeat(256 * 1024) };
    expect(texts(validateAnnotations(big, 'metadata.annotations'))).toEqual([
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ]);
  });
});
