// `wrangler dev` forwards each request through its ProxyWorker over a pooled connection to the
// Worker's runtime. When that connection has idled about 5 s, both ends' keep-alive timers fire
// together and a request written onto it is lost: wrangler answers 503 "Your worker restarted
// mid-request" though the Worker never restarted and never saw the request, and it retries only
// GET and HEAD itself (cloudflare/workers-sdk#14641). A Worker run of the suite met it on a
// POST /labs; the requests of the Worker's tests are sent again on that answer, at most twice.
// The Worker itself never gives this answer, so nothing it says is retried.
import type supertest from 'supertest';
import { eachRequest } from './each-request';

const DROPPED = 'Your worker restarted mid-request';

/** Whether `res` is wrangler's answer to a request its proxy lost. */
export function droppedByProxy(res: { status?: number; text?: unknown } | undefined): boolean {
  return res?.status === 503 && typeof res.text === 'string' && res.text.startsWith(DROPPED);
}

/** `agent` (supertest, or an agent of it) with each request sent again when the proxy lost it. */
export function resendingDrops<T extends ReturnType<typeof supertest>>(agent: T): T {
  return eachRequest(agent, (test) => test.retry(2, (_err, res) => droppedByProxy(res)));
}
