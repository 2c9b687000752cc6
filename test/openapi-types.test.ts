// The response schemas of src/schema/lab/answers.ts and the types the code already had describe the same
// JSON: checked by the compiler (npm run typecheck), so a field added on one side fails there.
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { StatusReason as DomainReason } from '../src/domain/apimachinery/errors';
import type { Distribution as DomainDistribution } from '../src/domain/stats/hit-stats';
import type { RouteDecision as DomainDecision } from '../src/domain/proxy/types';
import type { ApplyAction } from '../src/domain/registry/operations';
import type { Status as HttpStatus } from '../src/http/status';
import type * as api from '../src/schema/lab/answers';
import type * as traffic from '../src/schema/lab/connections';

/** What JSON.stringify makes of a value: Dates become strings. */
type Json<T> = T extends Date
  ? string
  : T extends (infer I)[]
    ? Json<I>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

type Out<S extends z.ZodType> = z.output<S>;

/** zod's optional fields, `?: T | undefined`, as the code declares them: `?: T`. */
type Declared<T> = T extends (infer I)[]
  ? Declared<I>[]
  : T extends object
    ? { [K in keyof T]: Declared<Exclude<T[K], undefined>> }
    : T;

/** Compiles only when a value of type `From` may be used as a `To`. */
function assignable<From, To>(check: (value: From) => To): void {
  void check;
}

describe('schemas and code types agree', () => {
  it('RouteDecision', () => {
    assignable<Json<DomainDecision>, Out<typeof traffic.RouteDecision>>((v) => v);
    assignable<Declared<Out<typeof traffic.RouteDecision>>, Json<DomainDecision>>((v) => v);
  });

  it('Distribution', () => {
    assignable<DomainDistribution, Out<typeof traffic.Distribution>>((v) => v);
    assignable<Declared<Out<typeof traffic.Distribution>>, DomainDistribution>((v) => v);
  });

  it('Status and its reasons', () => {
    expectTypeOf<DomainReason>().toEqualTypeOf<Out<typeof api.StatusReason>>();
    assignable<HttpStatus, Out<typeof api.Status>>((v) => v);
  });

  it('the apply report', () => {
    expectTypeOf<ApplyAction>().toEqualTypeOf<Out<typeof api.AppliedObject>['action']>();
  });
});
