// An include fan-out in a mounted ConfigMap (fan-out^depth expansions) must cost bounded work: nginx
// refuses the config with an [emerg] line, the pod crash-loops and says why, other writes go on.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { apply, startLab, type TestLab } from './support/app';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

// f0.conf ... f9.conf, each including the next five times: 5^9 expansions without a bound.
const data = Array.from({ length: 10 }, (_, i) => {
  const body = `include /etc/nginx/conf.d/f${i + 1}.conf;\\n`.repeat(i === 9 ? 0 : 5);
  return `  f${i}.conf: "${body || 'sendfile on;\\n'}"`;
}).join('\n');

const manifest = `apiVersion: v1
kind: ConfigMap
metadata:
  name: fan-out
data:
${data}
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: nginx
      image: nginx
      volumeMounts:
        - name: conf
          mountPath: /etc/nginx/conf.d
  volumes:
    - name: conf
      configMap:
        name: fan-out
`;

it('refuses an include fan-out as nginx refuses a broken config, in bounded time', async () => {
  const started = performance.now();
  const res = await apply(lab, manifest);
  expect(res.status).toBe(201);
  const pod = (await lab.request.get('/api/v1/namespaces/default/pods/web')).body;
  const status = pod.status.containerStatuses[0];
  expect(status.state.waiting.reason).toBe('CrashLoopBackOff');
  expect(status.lastState.terminated.message).toBe(
    `nginx: [emerg] include of "/etc/nginx/conf.d/f9.conf" exceeds the lab's limit of 256 included files in /etc/nginx/conf.d/f8.conf:4`,
  );
  // Later writes in the lab stay cheap: the refused config is not reloaded for each of them.
  for (let i = 0; i < 3; i++) {
    const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other-${i}\n`;
    expect((await apply(lab, cm)).status).toBe(201);
  }
  // A safety net only; the outcome above is what shows the work was bounded.
  expect(performance.now() - started).toBeLessThan(5000);
});
