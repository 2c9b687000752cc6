// One access-log line per request that reached a container, in the format its image configures
// (line-formats.ts), credited to the container and run that logs it, and batched per run.
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
import { byteLength, header } from '../containers/http-message';
import type { PodTarget, RouteDecision, TrafficView } from '../../proxy/types';
import { LOG_BOUNDS, type ContainerLogWrite, type LogLine, type LogRun } from './container-log';
import { rememberedLine, type ReceivedRequest } from './line-formats';

export type { ReceivedRequest };

/** Where a line goes and what it says. */
export interface AccessLine {
  namespace: string;
  pod: string;
  container: string;
  run: string;
  text: string;
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
  const nginx = server.kind === 'nginx';
  const h = request.headers;
  const text = rememberedLine(logging, {
    kind: server.kind,
    request,
    remoteAddr: decision.remoteAddr ?? '',
    status: decision.response.status,
    bodyBytes: byteLength(decision.response.body),
    time,
    connection,
    referer: nginx ? header(h, 'referer') : undefined,
    userAgent: nginx ? header(h, 'user-agent') : undefined,
    forwardedFor: nginx ? header(h, 'x-forwarded-for') : undefined,
  });
  if (text === undefined) return undefined;
  return { namespace: target.namespace, pod: target.name, container: server.container, run, text };
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
