// The /status subresources of Pods, Services and Deployments (status-subresource.ts).
import type { ResourceType } from '../../../domain/apimachinery/resources';
import type { JsonSchema } from './components';
import { type Examples, failures, jsonResponse, media, type RouteDoc } from './operations';

const PATCH_TYPES = [
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

/** GET, PUT and PATCH on `<item>/status`; `schema` is the kind's component name. */
export function statusRouteDocs(
  ex: Examples,
  type: ResourceType,
  schema: string,
  item: string,
  parameters: JsonSchema[],
): RouteDoc[] {
  const path = `${item}/status`;
  const ok = (s: string) => jsonResponse(ex, s, schema);
  const body = (types: string[]) => ({
    required: true,
    content: Object.fromEntries(
      types.map((t) => [t, media(ex, t === 'application/json' ? schema : { type: 'object' })]),
    ),
  });
  const summary = (verb: string) => `${verb} the status of a ${type.singular}`;
  const rest =
    'Only the status is taken: the spec (and for Deployments the labels, for Pods the owner references) stays as stored.';
  return [
    {
      method: 'get',
      path,
      operation: {
        parameters,
        operationId: `read${type.kind}Status`,
        summary: summary('Read'),
        responses: { '200': ok(`The ${type.kind}.`), ...failures(ex, [404]) },
      },
    },
    {
      method: 'put',
      path,
      operation: {
        parameters,
        operationId: `replace${type.kind}Status`,
        summary: summary('Replace'),
        description: rest,
        requestBody: body(['application/json', 'application/yaml']),
        responses: {
          '200': ok(`The ${type.kind} as stored.`),
          ...failures(ex, [400, 404, 409, 413, 415, 422]),
        },
      },
    },
    {
      method: 'patch',
      path,
      operation: {
        parameters,
        operationId: `patch${type.kind}Status`,
        summary: summary('Patch'),
        description: rest,
        requestBody: body(PATCH_TYPES),
        responses: {
          '200': ok(`The ${type.kind} as stored.`),
          ...failures(ex, [400, 404, 413, 415, 422]),
        },
      },
    },
  ];
}
