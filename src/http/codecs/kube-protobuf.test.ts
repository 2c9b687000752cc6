import { describe, expect, it } from 'vitest';
import { ApiError } from '../../domain/apimachinery/errors';
import { decodeKubeProtobuf } from './kube-protobuf';
import { ProtoWriter } from './protobuf-writer';

const w = () => new ProtoWriter();

/** A map<string,string> entry. */
const entry = (k: string, v: string) => w().string(1, k).string(2, v);

/** The `k8s\0` envelope around an object, as client-go writes it. */
function envelope(apiVersion: string, kind: string, raw: ProtoWriter): Uint8Array {
  const unknown = w()
    .message(1, w().string(1, apiVersion).string(2, kind))
    .message(2, raw)
    .finish();
  return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...unknown]);
}

describe('decodeKubeProtobuf', () => {
  it('decodes the Deployment `kubectl create deployment web --image=nginx --port=80` sends', () => {
    const labels = [entry('app', 'web')];
    const container = w()
      .string(1, 'nginx')
      .string(2, 'nginx')
      .message(6, w().int(3, 80).string(4, 'TCP'))
      .message(8, w()); // resources: {} is not modelled and is skipped
    const deployment = w()
      .message(1, w().string(1, 'web').messages(11, labels).message(8, w()))
      .message(
        2,
        w()
          .int(1, 2)
          .message(2, w().messages(1, labels))
          .message(
            3,
            w().message(1, w().messages(11, labels)).message(2, w().message(2, container)),
          )
          .message(4, w()),
      );
    expect(decodeKubeProtobuf(envelope('apps/v1', 'Deployment', deployment))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              { name: 'nginx', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] },
            ],
          },
        },
      },
    });
  });

  it('decodes a Service with an int-or-string targetPort and a ConfigMap with data', () => {
    const port = w()
      .string(1, 'http')
      .string(2, 'TCP')
      .int(3, 80)
      .message(4, w().int(1, 1).string(3, 'web'))
      .int(5, 30080);
    const service = w()
      .message(1, w().string(1, 'front'))
      .message(
        2,
        w()
          .message(1, port)
          .messages(2, [entry('app', 'web')])
          .string(4, 'NodePort'),
      );
    expect(decodeKubeProtobuf(envelope('v1', 'Service', service))).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'front' },
      spec: {
        ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'web', nodePort: 30080 }],
        selector: { app: 'web' },
        type: 'NodePort',
      },
    });
    const configMap = w()
      .message(1, w().string(1, 'settings'))
      .messages(2, [entry('a', '1'), entry('b', '2')]);
    expect(decodeKubeProtobuf(envelope('v1', 'ConfigMap', configMap))).toMatchObject({
      data: { a: '1', b: '2' },
    });
  });

  it('knows no kind named after an Object.prototype member', () => {
    for (const kind of ['constructor', '__proto__', 'toString']) {
      const body = envelope('v1', kind, w().message(1, w().string(1, 'x')));
      expect(() => decodeKubeProtobuf(body)).toThrow(
        `protobuf bodies of kind "${kind}" are not supported`,
      );
    }
  });

  it('keeps a __proto__ map key as an ordinary own key', () => {
    const configMap = w()
      .message(1, w().string(1, 'settings'))
      .messages(2, [entry('__proto__', 'x'), entry('constructor', 'y')]);
    const decoded = decodeKubeProtobuf(envelope('v1', 'ConfigMap', configMap));
    const data = decoded.data as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(JSON.stringify(data)).toBe('{"__proto__":"x","constructor":"y"}');
  });

  it('writes a creationTimestamp in RFC 3339 and refuses one outside years 0000-9999', () => {
    const withTime = (seconds: number) =>
      envelope(
        'v1',
        'ConfigMap',
        w().message(1, w().string(1, 'c').message(8, w().int(1, seconds))),
      );
    expect(decodeKubeProtobuf(withTime(1_700_000_000))).toMatchObject({
      metadata: { creationTimestamp: '2023-11-14T22:13:20Z' },
    });
    expect(() => decodeKubeProtobuf(withTime(1e15))).toThrow(
      'protobuf: creationTimestamp: 1000000000000000 seconds is not a valid time: Time.MarshalJSON: year outside of range [0,9999]',
    );
  });

  it('flattens embedded structs (a volume’s source, a configMap reference)', () => {
    const volume = w()
      .string(1, 'config')
      .message(2, w().message(19, w().message(1, w().string(1, 'nginx-conf'))));
    const pod = w()
      .message(1, w().string(1, 'p'))
      .message(2, w().message(1, volume).message(2, w().string(1, 'c')));
    expect(decodeKubeProtobuf(envelope('v1', 'Pod', pod))).toMatchObject({
      spec: { volumes: [{ name: 'config', configMap: { name: 'nginx-conf' } }] },
    });
  });

  it.each([
    { name: 'no envelope', body: Uint8Array.from([1, 2, 3, 4, 5]), message: /envelope/ },
    {
      name: 'a kind it cannot decode',
      body: envelope('v1', 'Secret', w().message(1, w().string(1, 's'))),
      message: /protobuf bodies of kind "Secret" are not supported/,
    },
    {
      name: 'a truncated message',
      body: Uint8Array.from([0x6b, 0x38, 0x73, 0x00, 0x12, 0x10, 0x01]),
      message: /malformed/,
    },
  ])('refuses $name with a 400', ({ body, message }) => {
    let error: unknown;
    try {
      decodeKubeProtobuf(body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe(400);
    expect((error as ApiError).message).toMatch(message);
  });
});
