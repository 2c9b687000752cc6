// POST /labs refuses node addresses a node cannot have, naming the field and the reason.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

const nodes = (ip: string) => [
  { name: 'controlplane', ip: '192.168.1.2', roles: ['control-plane'] },
  { name: 'node01', ip, roles: [] },
];

it.each([
  ['0.0.0.0', 'may not be in 0.0.0.0/8'],
  ['127.0.0.1', 'may not be a loopback address (127.0.0.0/8)'],
  ['169.254.10.1', 'may not be a link-local address (169.254.0.0/16)'],
  ['224.0.0.1', 'may not be a multicast address (224.0.0.0/4)'],
  [
    '255.255.255.255',
    'may not be in the reserved range 240.0.0.0/4 (255.255.255.255 is the broadcast',
  ],
  ['10.96.0.10', 'may not be inside the service CIDR 10.96.0.0/12'],
  ['10.244.0.7', 'may not be inside the pod CIDR 10.244.0.0/16'],
])('refuses the node address %s with a 400 that names the field', async (ip, why) => {
  const res = await lab.request.post('/labs').send({ nodes: nodes(ip) });
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ kind: 'Status', code: 400, reason: 'BadRequest' });
  expect(res.body.message).toContain(`nodes[1].ip: Invalid value: "${ip}": ${why}`);
  expect(res.body.details.causes[0]).toMatchObject({ field: 'nodes[1].ip' });
  // No lab was made with the address (other tests may be creating labs meanwhile).
  const labs = (await lab.request.get('/labs?limit=500')).body.items as {
    nodes: { ip: string }[];
  }[];
  expect(labs.some((l) => l.nodes.some((n) => n.ip === ip))).toBe(false);
});

it('still creates a lab on ordinary private addresses', async () => {
  const res = await lab.request.post('/labs').send({ nodes: nodes('10.0.0.5') });
  expect(res.status).toBe(201);
});
