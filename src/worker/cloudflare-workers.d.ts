// The one piece of `cloudflare:workers` this project uses; @cloudflare/workers-types declares the
// module only in its global (ambient) flavour, which would clash with Node's types here.
declare module 'cloudflare:workers' {
  import type { DurableObjectState } from '@cloudflare/workers-types';

  export abstract class DurableObject<Env = unknown> {
    protected ctx: DurableObjectState;
    protected env: Env;
    constructor(ctx: DurableObjectState, env: Env);
  }
}
