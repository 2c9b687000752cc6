// A supertest agent whose every request (get, post, ...) passes through `change` once made, for
// harness behaviour all of a run's requests share (the Worker's clock, wrangler's lost requests).
import type supertest from 'supertest';

type Agent = ReturnType<typeof supertest>;

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

export function eachRequest<T extends Agent>(
  agent: T,
  change: (t: supertest.Test) => supertest.Test,
): T {
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !HTTP_METHODS.has(property)) return value;
      return (...args: unknown[]) =>
        change((value as (...a: unknown[]) => supertest.Test).apply(target, args));
    },
  });
}
