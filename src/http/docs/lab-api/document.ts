// The OpenAPI 3.1 document of NodePort Lab, built from the route registry and the zod schemas.
// Only scripts/openapi.ts and the tests build it; the app serves the generated JSON.
import { componentSchemas, KIND_SCHEMAS, type JsonSchema } from './components';
import { Examples, failures, type DocumentInputs, type RouteDoc } from './operations';
import { kubernetesRoutes, resourceTag } from './paths-kubernetes';
import { kubectlRoutes } from './paths-kubectl';
import { coreRoutes } from './paths-lab';
import { labRoutes } from './paths-labs';
import { trafficRoutes } from './paths-requests';
import { RESOURCE_TYPES } from '../../../domain/apimachinery/resources';

const DESCRIPTION = `A Kubernetes Service simulator for learning labs. Apply the manifests of a
lesson, then "curl" a node on its nodePort and see which pod answered, or why nothing did.

- Kubernetes paths (\`/api/v1/...\`, \`/apis/apps/v1/...\`) answer as kube-apiserver does; with
  \`Accept: text/plain\` they answer the table \`kubectl get\` prints.
- Errors are Kubernetes \`Status\` objects with kube-apiserver's messages and codes.
- A lab is an isolated cluster: \`POST /labs\` answers its id and token. Send
  \`Authorization: Bearer <token>\` to act in it. Without an ADMIN_TOKEN on the server (open mode)
  no token is needed: \`X-Lab-Id: <id>\` picks a lab, and the default lab serves the rest.

The tutorials' manifests are the request examples of \`POST /manifests\`.`;

const TAGS: { name: string; description: string }[] = [
  { name: 'Manifests', description: '`kubectl apply -f`: whole YAML streams, atomically.' },
  { name: 'Traffic', description: 'Send requests to nodes and Services; see what kube-proxy did.' },
  { name: 'Hits', description: 'Which pods answered: the distribution and a chi-square test.' },
  { name: 'Cluster', description: "The lab's kube-proxy mode, seed and clock." },
  { name: 'Labs', description: 'Isolated lab clusters, their tokens and lesson templates.' },
  { name: 'Grading', description: 'Checks and grades, as JSON, Gradescope or LTI.' },
  { name: 'Health', description: 'Liveness.' },
  { name: 'API docs', description: 'This document and its interactive reference.' },
  { name: 'Web page', description: 'The lab drawn in a browser, over this API (docs/ui.md).' },
];

const DISCOVERY_TAG = {
  name: 'Kubernetes discovery',
  description: 'What kubectl reads first: version, API discovery, OpenAPI, and a kubeconfig.',
};

/**
 * 401 on every route but the public ones: a server with an ADMIN_TOKEN wants the admin token or a
 * lab token on all of them (auth.ts).
 */
function requireToken(ex: Examples, routes: RouteDoc[]): void {
  for (const { operation } of routes) {
    const open = Array.isArray(operation.security) && operation.security.length === 0;
    const responses = operation.responses as Record<string, JsonSchema>;
    if (open || responses['401']) continue;
    const { '401': unauthorized } = failures(ex, [401], ['unauthorized']);
    operation.responses = { ...responses, '401': unauthorized };
  }
}

function resourceTags(): { name: string; description: string }[] {
  const seen = new Map<string, string>();
  for (const t of RESOURCE_TYPES) {
    const version = t.group ? `${t.group}/${t.version}` : t.version;
    seen.set(resourceTag(t), `${t.kind} (${version}): \`kubectl get ${t.resource}\` and friends.`);
  }
  return [...seen].map(([name, description]) => ({ name, description }));
}

/** `paths`, in registry order, each path's operations in method order. */
function pathsOf(routes: RouteDoc[]): Record<string, Record<string, JsonSchema>> {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const { method, path, operation } of routes) {
    const item = (paths[path] ??= {});
    if (item[method]) throw new Error(`${method.toUpperCase()} ${path} is declared twice`);
    item[method] = operation;
  }
  return paths;
}

/** The whole document. Throws on an example name the generator did not capture. */
export function buildOpenApiDocument(inputs: DocumentInputs): JsonSchema {
  const ex = new Examples(inputs);
  const schemas = componentSchemas();
  const kinds = new Set(Object.keys(KIND_SCHEMAS).filter((k) => schemas[k]));
  const routes = [
    ...coreRoutes(ex),
    ...trafficRoutes(ex),
    ...labRoutes(ex),
    ...kubernetesRoutes(ex, kinds),
    ...kubectlRoutes(ex),
  ];
  requireToken(ex, routes);
  const resources = resourceTags();
  return {
    openapi: '3.1.0',
    info: { title: 'NodePort Lab', version: inputs.version, description: DESCRIPTION },
    servers: [
      { url: 'http://127.0.0.1:8787', description: 'npm start' },
      {
        url: 'https://nodeport-lab.{subdomain}.workers.dev',
        description: 'Cloudflare Workers',
        variables: {
          subdomain: { default: 'example', description: 'Your workers.dev subdomain.' },
        },
      },
    ],
    security: [{}, { labId: [] }, { bearerAuth: [] }],
    tags: [...TAGS, ...resources, DISCOVERY_TAG],
    'x-tagGroups': [
      { name: 'Lab', tags: TAGS.map((t) => t.name) },
      { name: 'Kubernetes API', tags: [...resources.map((t) => t.name), 'Kubernetes discovery'] },
    ],
    paths: pathsOf(routes),
    components: {
      schemas,
      examples: ex.components(),
      securitySchemes: {
        labId: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Lab-Id',
          description:
            'The lab to act in (the `id` POST /labs answered): in open mode, or with the admin token.',
        },
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            "A lab's token (POST /labs answers it) acts in that lab; the admin token may do " +
            'everything. In open mode, `lab:<id>` names lab <id>.',
        },
      },
    },
  };
}
