import { expect, it } from 'vitest';
import { ApiError } from '../../domain/apimachinery/errors';
import { OpenStreams } from './open-streams';

it('bounds the streams of each lab, with the quota 403, and gives a released one back', () => {
  const streams = new OpenStreams(2);
  const first = streams.take('a', 'pods "web"');
  streams.take('a', 'pods "web"');
  streams.take('b', 'pods "web"');
  let refusal: unknown;
  try {
    streams.take('a', 'pods "web"');
  } catch (e) {
    refusal = e;
  }
  expect(refusal).toBeInstanceOf(ApiError);
  expect((refusal as ApiError).code).toBe(403);
  expect((refusal as ApiError).message).toBe(
    'pods "web" is forbidden: exceeded quota: lab, requested: streams=1, used: streams=2, limited: streams=2',
  );
  first();
  first();
  expect(streams.count('a')).toBe(1);
  expect(() => streams.take('a', 'pods "web"')).not.toThrow();
});
