// Labs (create, list, read, reset, delete, rotate the token), lesson templates and grading.
import type { JsonSchema } from './components';
import {
  type Examples,
  failures,
  jsonResponse,
  media,
  pathParam,
  queryParam,
  type RouteDoc,
} from './operations';

const ADMIN = 'Takes the admin token when the server has an ADMIN_TOKEN (anyone, in open mode).';
const LAB = "Takes the admin token or this lab's own token (anyone, in open mode).";
const id = pathParam('id', 'The lab id.', 'lab-5f3a9c0e12b7d4e6');

function op(method: RouteDoc['method'], path: string, operation: JsonSchema): RouteDoc {
  return { method, path, operation: { tags: ['Labs'], ...operation } };
}

function grading(
  ex: Examples,
  path: string,
  summary: string,
  examples: string[],
  body?: JsonSchema,
): RouteDoc {
  return op('post', path, {
    tags: ['Grading'],
    operationId: path.endsWith('grade') ? 'gradeLab' : 'runChecks',
    summary,
    description: `${LAB} Nothing in the lab changes; simulated requests are not counted as hits.`,
    parameters: [
      id,
      queryParam('format', 'The shape of the result.', {
        type: 'string',
        enum: ['json', 'gradescope', 'lti'],
        default: 'json',
      }),
      queryParam('userId', 'The LTI user id to put in the Score (`format=lti`).', {
        type: 'string',
      }),
    ],
    ...(body ? { requestBody: body } : {}),
    responses: {
      '200': {
        description: 'Every check with its verdict, in the chosen format.',
        content: {
          'application/json': media(
            ex,
            {
              oneOf: [
                { $ref: '#/components/schemas/GradeResult' },
                { $ref: '#/components/schemas/GradescopeResults' },
              ],
            },
            { examples },
          ),
          'application/vnd.ims.lis.v1.score+json': media(ex, 'LtiScore'),
        },
      },
      ...failures(ex, [400, 404]),
    },
  });
}

/** The /labs and /templates routes. */
export function labRoutes(ex: Examples): RouteDoc[] {
  return [
    op('post', '/labs', {
      operationId: 'createLab',
      summary: 'Create an isolated lab cluster',
      description:
        `${ADMIN} Answers the lab and its token (once): send \`Authorization: Bearer <token>\` ` +
        '(or, in open mode, `X-Lab-Id: <id>`) to act in it. Every random choice of the lab comes ' +
        'from its seed, so the same requests replay the same lab.',
      requestBody: {
        required: false,
        content: {
          'application/json': media(ex, 'CreateLabRequest', {
            example: { name: 'alice', template: 'nodeport-basics', seed: 7 },
          }),
        },
      },
      responses: {
        '201': jsonResponse(ex, 'The new lab, with its token.', 'CreatedLab', ['lab-created']),
        ...failures(ex, [400, 403], ['lab-invalid', 'admin-only']),
      },
    }),
    op('get', '/labs', {
      operationId: 'listLabs',
      summary: 'List the labs',
      description: `${ADMIN} Expired labs are purged first.`,
      parameters: [
        queryParam('limit', 'Labs per page (1 to 500, default 100).', {
          type: 'integer',
          minimum: 1,
          maximum: 500,
        }),
        queryParam('continue', 'The `continue` token of the previous page.', { type: 'string' }),
      ],
      responses: {
        '200': jsonResponse(ex, 'A page of labs.', 'LabList', ['lab-list']),
        ...failures(ex, [400, 403]),
      },
    }),
    op('get', '/labs/{id}', {
      operationId: 'readLab',
      summary: 'Read a lab, with its quota usage',
      description: LAB,
      parameters: [id],
      responses: {
        '200': jsonResponse(ex, 'The lab.', 'LabDetail', ['lab-detail']),
        ...failures(ex, [404], ['lab-not-found']),
      },
    }),
    op('delete', '/labs/{id}', {
      operationId: 'deleteLab',
      summary: 'Delete a lab and everything in it',
      description: ADMIN,
      parameters: [id],
      responses: {
        '200': jsonResponse(ex, 'Deleted.', 'SuccessStatus', ['lab-deleted']),
        ...failures(ex, [403, 404]),
      },
    }),
    op('post', '/labs/{id}/reset', {
      operationId: 'resetLab',
      summary: 'Reset a lab to its starting state',
      description: `${LAB} Deletes every object and hit, then applies the template's starting state.`,
      parameters: [id],
      responses: {
        '200': jsonResponse(ex, 'The lab.', 'LabView', ['lab-reset']),
        ...failures(ex, [404]),
      },
    }),
    op('post', '/labs/{id}/token', {
      operationId: 'rotateLabToken',
      summary: "Rotate a lab's token",
      description: `${ADMIN} The old token stops working at once.`,
      parameters: [id],
      responses: {
        '200': jsonResponse(ex, 'The new token.', 'LabToken', ['lab-token']),
        ...failures(ex, [403, 404]),
      },
    }),
    grading(ex, '/labs/{id}/checks', 'Run checks against a lab', ['lab-checks'], {
      required: true,
      content: {
        'application/json': media(ex, 'CheckList', {
          example: [
            {
              id: 'service-on-31110',
              type: 'serviceExposes',
              points: 2,
              service: 'nginx-nodeport-service',
              serviceType: 'NodePort',
              nodePort: 31110,
            },
            {
              id: 'curl-node01',
              type: 'reachable',
              points: 1,
              address: '192.168.1.3',
              port: 31110,
            },
          ],
        }),
      },
    }),
    grading(ex, '/labs/{id}/grade', "Grade a lab with its template's checks", [
      'lab-grade',
      'lab-grade-gradescope',
    ]),
    {
      method: 'get',
      path: '/templates',
      operation: {
        tags: ['Labs'],
        operationId: 'listTemplates',
        summary: 'The lesson templates a lab can start from',
        responses: { '200': jsonResponse(ex, 'The templates.', 'TemplateList', ['templates']) },
      },
    },
    {
      method: 'get',
      path: '/templates/{id}',
      operation: {
        tags: ['Labs'],
        operationId: 'readTemplate',
        summary: 'A lesson template: exercise, starting state and checks',
        description: 'The reference solution is shown to the admin (and in open mode) only.',
        parameters: [pathParam('id', 'The template id.', 'nodeport-basics')],
        responses: {
          '200': jsonResponse(ex, 'The template.', 'TemplateDetail'),
          ...failures(ex, [404]),
        },
      },
    },
  ];
}
