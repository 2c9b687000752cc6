// The exec subresource's WebSocket upgrade, driven by a plain WebSocket client on Node and on the
// Worker: subprotocol negotiation (v5, v4), the channel protocol's frames, and kube-apiserver's
// refusals before any upgrade (which kubectl decodes from the handshake's answer).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { nodeOnly, rawRequests, startLab, type TestLab } from './support/app';
import { applyJson, PODS, pod } from './support/manifests';
import { channels, openWebSocket, type Opened, type Refused } from './support/websocket';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
  expect((await applyJson(lab, pod('web'))).status).toBe(201);
});
afterEach(() => lab.close());

const EXEC = `${PODS}/web/exec?command=true&container=nginx&stdout=true&stderr=true`;

function opened(answer: Opened | Refused): Opened {
  if ('status' in answer) throw new Error(`refused: ${answer.status} ${answer.body}`);
  return answer;
}

function refused(answer: Opened | Refused): Refused {
  if (!('status' in answer)) throw new Error(`opened with ${answer.protocol}`);
  return answer;
}

it('upgrades exec to v5.channel.k8s.io and ends with a Status on channel 3 and a normal close', async () => {
  const socket = opened(await openWebSocket(lab, EXEC, ['v5.channel.k8s.io', 'v4.channel.k8s.io']));
  expect(socket.protocol).toBe('v5.channel.k8s.io');
  expect(await socket.closed).toBe(1000);
  const frames = channels(socket.messages);
  expect(frames[0]).toEqual([1, '']);
  const [channel, status] = frames.at(-1)!;
  expect(channel).toBe(3);
  expect(JSON.parse(status)).toMatchObject({ metadata: {}, status: expect.any(String) });
});

it('picks the first protocol of the client that it speaks (v4 when offered alone)', async () => {
  const socket = opened(await openWebSocket(lab, EXEC, ['v4.channel.k8s.io']));
  expect(socket.protocol).toBe('v4.channel.k8s.io');
  await socket.closed;
});

it("refuses before the upgrade with kube-apiserver's Status: no pod, no such container", async () => {
  const missing = refused(
    await openWebSocket(lab, EXEC.replace('/web/', '/gone/'), ['v5.channel.k8s.io']),
  );
  expect(missing.status).toBe(404);
  expect(JSON.parse(missing.body)).toMatchObject({
    reason: 'NotFound',
    message: 'pods "gone" not found',
  });
  const container = refused(
    await openWebSocket(lab, EXEC.replace('container=nginx', 'container=side'), [
      'v5.channel.k8s.io',
    ]),
  );
  expect(container.status).toBe(400);
  expect(JSON.parse(container.body).message).toBe('container side is not valid for pod web');
  const streams = refused(
    await openWebSocket(lab, `${PODS}/web/exec?command=true`, ['v5.channel.k8s.io']),
  );
  expect(JSON.parse(streams.body).message).toBe(
    'you must specify at least 1 of stdin, stdout, stderr',
  );
});

it('tells a client that offers no channel protocol, or asks for SPDY, what is served', async () => {
  const other = refused(await openWebSocket(lab, EXEC, ['base64.channel.k8s.io']));
  expect(other.status).toBe(400);
  expect(JSON.parse(other.body).message).toMatch(
    /^Upgrade request required: .*v5\.channel\.k8s\.io/,
  );
  const spdy = await lab.request
    .post(EXEC)
    .set('Connection', 'Upgrade')
    .set('Upgrade', 'SPDY/3.1')
    .set('X-Stream-Protocol-Version', 'v4.channel.k8s.io');
  expect(spdy.status).toBe(400);
  expect(spdy.body.message).toContain('over WebSockets only');
  expect(spdy.body.message).toContain('this client asked for SPDY/3.1 (kubectl 1.29 and older');
});

it("bounds a lab's open streams with the quota's 403, and frees one when it closes", async () => {
  const attach = `${PODS}/web/attach?container=nginx&stdout=true`;
  const open: Opened[] = [];
  for (let i = 0; i < 8; i++)
    open.push(opened(await openWebSocket(lab, attach, ['v5.channel.k8s.io'])));
  const ninth = refused(await openWebSocket(lab, attach, ['v5.channel.k8s.io']));
  expect(ninth.status).toBe(403);
  expect(JSON.parse(ninth.body)).toMatchObject({
    reason: 'Forbidden',
    message:
      'pods "web" is forbidden: exceeded quota: lab, requested: streams=1, used: streams=8, limited: streams=8',
  });
  open[0]!.ws.close(1000);
  await open[0]!.closed;
  await new Promise((r) => setTimeout(r, 200));
  const again = opened(await openWebSocket(lab, attach, ['v5.channel.k8s.io']));
  for (const socket of [...open.slice(1), again]) socket.ws.close(1000);
});

nodeOnly('Node hands every Upgrade request to the upgrade listener')(
  'answers a request that asks for another upgrade as the app does, then closes',
  async () => {
    const request = `GET ${PODS} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n`;
    const [list] = await rawRequests(lab, [request]);
    expect(list).toMatchObject({ kind: 'PodList', items: [{ metadata: { name: 'web' } }] });
  },
);
