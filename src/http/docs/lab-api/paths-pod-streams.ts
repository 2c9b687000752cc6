// The exec and attach subresources (src/http/kube-api/pod-exec.ts, pod-attach.ts): WebSocket
// upgrades speaking the channel protocol (src/http/streams/remote-command.ts).
import type { JsonSchema } from './components';
import { type Examples, failures, pathParam, queryParam, type RouteDoc } from './operations';

const bool = (name: string, description: string) =>
  queryParam(name, description, { type: 'boolean' });

const PROTOCOL =
  'A WebSocket upgrade (`Upgrade: websocket`, `Sec-WebSocket-Protocol: v5.channel.k8s.io` or ' +
  '`v4.channel.k8s.io`), as kubectl 1.30+ opens it: binary messages whose first byte is the ' +
  'channel (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize `{"Width":80,"Height":24}`; v5: ' +
  '255 + channel closes it), ending with a Status on channel 3 (an exit code in its causes, ' +
  'reason `ExitCode`) and a normal close. SPDY (kubectl 1.29 and older) is refused with a 400 ' +
  'that says so. A lab holds at most 8 open streams (403 beyond).';

const streamParams = [
  pathParam('ns', 'The namespace.', 'default'),
  pathParam('name', 'The pod.', 'web'),
  queryParam('container', 'The container; required when the pod has several.', {
    type: 'string',
  }),
  bool('stdin', 'Send stdin on channel 0.'),
  bool('stdout', 'Receive stdout on channel 1.'),
  bool('stderr', 'Receive stderr on channel 2 (not with tty).'),
  bool('tty', 'A terminal: one output stream, `\\r\\n` line ends, resizes on channel 4.'),
];

const responses = (ex: Examples): JsonSchema => ({
  '101': { description: 'Switching Protocols: the channel protocol runs on the WebSocket.' },
  ...failures(ex, [400, 403, 404]),
});

const exec = (ex: Examples, method: string): JsonSchema => ({
  tags: ['Pods'],
  operationId: `${method}PodExec`,
  summary: 'Run a command in a container (kubectl exec)',
  description:
    `${PROTOCOL} The command runs in the simulated shell of the image: its output, its exit ` +
    'code, its connections (curl, wget) through kube-proxy, counted as hits. A container that ' +
    'is not running is refused on the error channel, as the kubelet refuses it.',
  parameters: [
    ...streamParams,
    queryParam('command', 'The command and its arguments, one parameter each (repeated).', {
      type: 'array',
      items: { type: 'string' },
    }),
  ],
  responses: responses(ex),
});

const attach = (ex: Examples, method: string): JsonSchema => ({
  tags: ['Pods'],
  operationId: `${method}PodAttach`,
  summary: "Join a container's own process (kubectl attach, kubectl run -it)",
  description:
    `${PROTOCOL} A shell with \`stdin: true\` reads the client's input, and its exit ends the ` +
    "container's run; any other process is followed: what it writes, until its run ends.",
  parameters: streamParams,
  responses: responses(ex),
});

const EXEC = '/api/v1/namespaces/{ns}/pods/{name}/exec';
const ATTACH = '/api/v1/namespaces/{ns}/pods/{name}/attach';

/** GET and POST .../pods/{name}/exec and .../attach. */
export function podStreamRoutes(ex: Examples): RouteDoc[] {
  return [
    { method: 'get', path: EXEC, operation: exec(ex, 'connectGet') },
    { method: 'post', path: EXEC, operation: exec(ex, 'connectPost') },
    { method: 'get', path: ATTACH, operation: attach(ex, 'connectGet') },
    { method: 'post', path: ATTACH, operation: attach(ex, 'connectPost') },
  ];
}
