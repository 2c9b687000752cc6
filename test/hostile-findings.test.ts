// Bugs the hostile suite found beyond issue 11's list, each pinned through the HTTP API.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

describe('Warning headers of unknown fields', () => {
  it('name a field outside Latin-1 with "?" for each such character (was a 500)', async () => {
    const res = await lab.request
      .post('/api/v1/namespaces')
      .set('Content-Type', 'application/json')
      .send('{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n","Ā🙂":0}}');
    expect(res.status, res.text).toBe(201);
    expect(res.headers.warning).toBe('299 - "unknown field \\"metadata.??\\""');
  });

  it('leave out a field name with a control character, as kube-apiserver does', async () => {
    const res = await lab.request
      .post('/api/v1/namespaces')
      .set('Content-Type', 'application/json')
      .send('{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n","a\\nb":0,"c":1}}');
    expect(res.status, res.text).toBe(201);
    expect(res.headers.warning).toBe('299 - "unknown field \\"metadata.c\\""');
  });
});
