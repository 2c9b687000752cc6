// Writes that meet a pod whose grace period is over or still running: the kubelet has removed the
// first before any write looks at the lab, and a /status write keeps the second's deletion fields
// (rest.BeforeUpdate: an update can never remove or change them).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';
import { pod, PODS } from './support/manifests';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
  await lab.request.post(PODS).send(pod('web')).expect(201);
});
afterEach(() => lab.close());

describe('a pod past its grace period', () => {
  it('is gone before a create of the same name, with no read in between', async () => {
    await lab.request.delete(`${PODS}/web`).expect(200);
    lab.clock.advance(30);
    const created = await lab.request.post(PODS).send(pod('web')).expect(201);
    expect(created.body.metadata.deletionTimestamp).toBeUndefined();
  });

  it('is not the object a PUT replaces', async () => {
    await lab.request.delete(`${PODS}/web`).expect(200);
    lab.clock.advance(30);
    const res = await lab.request.put(`${PODS}/web`).send(pod('web'));
    expect(res.status).toBe(404);
  });
});

describe('a /status write to a Terminating pod', () => {
  it('keeps deletionTimestamp and deletionGracePeriodSeconds', async () => {
    const del = await lab.request.delete(`${PODS}/web`).expect(200);
    const { deletionTimestamp, deletionGracePeriodSeconds } = del.body.metadata;
    const body = await lab.request.get(`${PODS}/web/status`).expect(200);
    delete body.body.metadata.deletionTimestamp;
    delete body.body.metadata.deletionGracePeriodSeconds;
    const put = await lab.request.put(`${PODS}/web/status`).send(body.body).expect(200);
    expect(put.body.metadata).toMatchObject({ deletionTimestamp, deletionGracePeriodSeconds });
    const patched = await lab.request
      .patch(`${PODS}/web/status`)
      .set('Content-Type', 'application/merge-patch+json')
      .send({ metadata: { deletionGracePeriodSeconds: null } })
      .expect(200);
    expect(patched.body.metadata.deletionGracePeriodSeconds).toBe(deletionGracePeriodSeconds);
  });

  it('cannot start termination on a running pod', async () => {
    const res = await lab.request
      .patch(`${PODS}/web/status`)
      .set('Content-Type', 'application/merge-patch+json')
      .send({
        metadata: { deletionGracePeriodSeconds: 5, deletionTimestamp: '2030-01-01T00:00:00Z' },
      })
      .expect(200);
    expect(res.body.metadata.deletionTimestamp).toBeUndefined();
    expect(res.body.metadata.deletionGracePeriodSeconds).toBeUndefined();
  });
});
