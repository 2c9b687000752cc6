// One access-log line per request that reached a container, in the format its image configures:
// nginx's `main` (`combined` plus "$http_x_forwarded_for"), httpd's `common`, http-echo's own.
// `$remote_addr` is the address the pod saw: the traffic simulation's source address (a node's
// address when kube-proxy masqueraded the connection, the client's own otherwise).
import type { Pod } from '../../../schema/kube/pod';
import { containerServers, serverOn } from '../containers/answers';
import {
  loggingOn,
  planLogging,
  planOfTarget,
  type LoggingServer,
} from '../../proxy/endpoint-plans';
import { byteLength, header, splitPath } from '../containers/http-message';
import type { ImageKind } from '../containers/images';
import type { PodTarget, RouteDecision, TrafficView } from '../../proxy/types';
import {
  clipLine,
  LOG_BOUNDS,
  type ContainerLogWrite,
  type LogLine,
  type LogRun,
} from './container-log';
import { commonLogTime, slashTime } from './log-time';

/** The request as the container received it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
}

/** Where a line goes and what it says. */
export interface AccessLine {
  namespace: string;
  pod: string;
  container: string;
  run: string;
  text: string;
}

/**
 * nginx's escaping of logged variables (escape=default): `"`, `\` and bytes outside printable
 * ASCII become `\xHH`, so a header cannot forge a line or a field.
 */
function nginxEscape(value: string): string {
  if (PLAIN.test(value)) return value;
  let out = '';
  for (const byte of encoder.encode(value)) {
    out +=
      byte === 0x22 || byte === 0x5c || byte < 0x20 || byte > 0x7e
        ? `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`
        : String.fromCharCode(byte);
  }
  return out;
}

/** Printable ASCII but `"` and `\`: what needs no escaping (nearly every value). */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const encoder = new TextEncoder();

const orDash = (v: string | undefined) => (v === undefined || v === '' ? '-' : v);

/** An ephemeral source port for connection `n` (Linux's 32768-60999), as the client picked it. */
function sourcePort(n: number): number {
  return 32768 + ((n * 7919) % 28232);
}

/** A logged header as nginx writes it (module-level: a closure per line costs on the route). */
function field(headers: Record<string, string>, name: string): string {
  return nginxEscape(orDash(header(headers, name)));
}

interface Served {
  kind: ImageKind;
  request: ReceivedRequest;
  remoteAddr: string;
  status: number;
  bodyBytes: number;
  time: number;
  connection: number;
}

function lineFor(s: Served): string | undefined {
  const { request: r } = s;
  const requestLine = `${r.method} ${r.path} HTTP/1.1`;
  switch (s.kind) {
    case 'nginx': {
      const h = r.headers;
      return `${s.remoteAddr} - - [${commonLogTime(s.time)}] "${nginxEscape(requestLine)}" ${s.status} ${s.bodyBytes} "${field(h, 'referer')}" "${field(h, 'user-agent')}" "${field(h, 'x-forwarded-for')}"`;
    }
    case 'httpd':
      return `${s.remoteAddr} - - [${commonLogTime(s.time)}] "${nginxEscape(requestLine)}" ${s.status} ${s.bodyBytes || '-'}`;
    case 'http-echo': {
      // http-echo logs every path but /health (its own handler), with the URL path only.
      const { uri } = splitPath(r.path);
      if (uri === '/health') return undefined;
      const micros = 20 + (s.connection % 60) + (s.connection % 10) / 10;
      return `${slashTime(s.time)} ${header(r.headers, 'host') ?? ''} ${s.remoteAddr}:${sourcePort(s.connection)} "${r.method} ${uri} HTTP/1.1" ${s.status} ${s.bodyBytes} "${header(r.headers, 'user-agent') ?? ''}" ${micros.toFixed(1)}µs`;
    }
    default:
      return undefined;
  }
}

const podsByName = new WeakMap<TrafficView, Map<string, Pod>>();

function findPod(view: TrafficView, namespace: string, name: string): Pod | undefined {
  let byName = podsByName.get(view);
  if (!byName) {
    byName = new Map(
      view.pods.map((p) => [`${p.metadata.namespace ?? 'default'}/${p.metadata.name}`, p]),
    );
    podsByName.set(view, byName);
  }
  return byName.get(`${namespace}/${name}`);
}

/** Who logs a connection to `target`: kept on the target's endpoint plan when it has one. */
function loggingServer(view: TrafficView, target: PodTarget): LoggingServer | undefined {
  const plan = planOfTarget(view, target);
  if (plan) return planLogging(plan);
  const pod = findPod(view, target.namespace, target.name);
  if (!pod) return undefined;
  return loggingOn(pod, serverOn(containerServers(pod, view.configMaps), target.targetPort));
}

/**
 * The access-log line `decision`'s request left in the container that answered it, or undefined
 * when it reached no server (refused, timed out) or the server logs nothing for it.
 */
export function accessLine(
  view: TrafficView,
  decision: RouteDecision,
  request: ReceivedRequest,
  connection: number,
  time: number,
): AccessLine | undefined {
  const target = decision.pod;
  if (decision.outcome !== 'ok' || !target || !decision.response) return undefined;
  const logging = loggingServer(view, target);
  if (!logging) return undefined;
  const { server, run } = logging;
  const text = lineFor({
    kind: server.kind,
    request,
    remoteAddr: decision.remoteAddr ?? '',
    status: decision.response.status,
    bodyBytes: byteLength(decision.response.body),
    time,
    connection,
  });
  if (text === undefined) return undefined;
  return {
    namespace: target.namespace,
    pod: target.name,
    container: server.container,
    run,
    text: clipLine(text),
  };
}

/** Access lines grouped by run, each run keeping its newest `linesPerRun` (lines made one by one). */
export class AccessLogBatch {
  private readonly runs = new Map<string, ContainerLogWrite>();
  /** Lines held: at most twice the bound a run until writes() cuts them to it. */
  lines = 0;

  add(line: AccessLine | undefined, time: number): void {
    if (line) this.append(line, [{ time, text: line.text }]);
  }

  /** Appends `lines` to `run`'s log (a run is a container ID: one container of one pod). */
  append(run: LogRun, lines: readonly LogLine[]): void {
    let write = this.runs.get(run.run);
    if (!write) {
      const { namespace, pod, container } = run;
      this.runs.set(run.run, (write = { namespace, pod, container, run: run.run, lines: [] }));
    }
    for (const l of lines) {
      // A line like the one before (a loop of curls: same client, path, second) keeps that one's
      // text, so a batch held a while keeps one copy, not one per request in the old generation.
      const last = write.lines[write.lines.length - 1];
      write.lines.push(last?.text === l.text ? { time: l.time, text: last.text } : l);
    }
    this.lines += lines.length;
    // Drop the oldest at twice the bound: amortised O(1) per line, never more kept than 2x.
    if (write.lines.length >= 2 * LOG_BOUNDS.linesPerRun)
      this.lines -= write.lines.splice(0, write.lines.length - LOG_BOUNDS.linesPerRun).length;
  }

  writes(): ContainerLogWrite[] {
    return [...this.runs.values()].map((w) => ({
      ...w,
      lines: w.lines.slice(-LOG_BOUNDS.linesPerRun),
    }));
  }
}

/**
 * The access lines of one routed batch (one request, one view, one time), grouped by run, each run
 * keeping its newest `linesPerRun`. A batch routes up to 10,000 connections and all but a run's
 * newest lines are dropped, so a connection costs a map lookup here and only the lines kept are
 * ever formatted.
 */
export class RoutedAccessLog {
  private readonly byTarget = new Map<
    PodTarget,
    { decision: RouteDecision; connection: number }[]
  >();

  constructor(
    private readonly view: TrafficView,
    private readonly request: ReceivedRequest,
    private readonly time: number,
  ) {}

  add(decision: RouteDecision, connection: number): void {
    const target = decision.pod;
    if (decision.outcome !== 'ok' || !target || !decision.response) return;
    let list = this.byTarget.get(target);
    if (!list) this.byTarget.set(target, (list = []));
    list.push({ decision, connection });
    // Drop the oldest half at twice the bound: amortised O(1) per connection.
    if (list.length >= 2 * LOG_BOUNDS.linesPerRun) list.splice(0, LOG_BOUNDS.linesPerRun);
  }

  writes(): ContainerLogWrite[] {
    if (this.byTarget.size === 1) {
      // One target (every connection of a request to one Service): its lines are in order.
      const [list] = this.byTarget.values();
      if (list!.length === 1) return this.single(list![0]!);
    }
    const runs = new Map<string, { write: ContainerLogWrite; order: number[] }>();
    for (const list of this.byTarget.values()) {
      for (const { decision, connection } of list.slice(-LOG_BOUNDS.linesPerRun)) {
        const line = accessLine(this.view, decision, this.request, connection, this.time);
        if (!line) continue;
        let entry = runs.get(line.run);
        if (!entry) {
          const { namespace, pod, container, run } = line;
          entry = { write: { namespace, pod, container, run, lines: [] }, order: [] };
          runs.set(line.run, entry);
        }
        entry.write.lines.push({ time: this.time, text: line.text });
        entry.order.push(connection);
      }
    }
    // Two targets (two Services' endpoints) may reach one run: their lines in connection order.
    return [...runs.values()].map(({ write, order }) => {
      if (isAscending(order) && write.lines.length <= LOG_BOUNDS.linesPerRun) return write;
      const lines = write.lines
        .map((l, i) => ({ l, n: order[i]! }))
        .sort((a, b) => a.n - b.n)
        .map((x) => x.l);
      return { ...write, lines: lines.slice(-LOG_BOUNDS.linesPerRun) };
    });
  }

  /** One request's one line, without the grouping: what nearly every request writes. */
  private single({ decision, connection }: { decision: RouteDecision; connection: number }) {
    const line = accessLine(this.view, decision, this.request, connection, this.time);
    if (!line) return [];
    const { namespace, pod, container, run, text } = line;
    return [{ namespace, pod, container, run, lines: [{ time: this.time, text }] }];
  }
}

function isAscending(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i]! < values[i - 1]!) return false;
  return true;
}
