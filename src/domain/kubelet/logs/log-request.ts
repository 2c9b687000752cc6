// GET pods/{name}/log as kube-apiserver and the kubelet answer it: the PodLogOptions checked
// (ValidatePodLogOptions), the container picked (LogLocation), the run read (the kubelet's
// validateContainerLogStatus), and the lines cut by tailLines, sinceSeconds/sinceTime,
// timestamps and limitBytes.
import type { Pod } from '../../../schema/kube/pod';
import { badRequest, invalidError } from '../../apimachinery/errors';
import { forbidden, invalid, type FieldError } from '../../apimachinery/field-errors';
import type { LogLine } from './container-log';
import { kubeletTimestamp } from './log-time';

/** The query of a log request, as parsed. */
export interface PodLogOptions {
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  sinceSeconds?: number;
  /** ms since the epoch. */
  sinceTime?: number;
  tailLines?: number;
  limitBytes?: number;
}

type Query = (name: string) => string | undefined;

/** Go's strconv.ParseBool, which the parameter codec uses. */
function parseBool(name: string, text: string | undefined): boolean {
  if (text === undefined) return false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False', ''].includes(text)) return false;
  throw badRequest(`${name}: strconv.ParseBool: parsing ${JSON.stringify(text)}: invalid syntax`);
}

function parseInt64(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[+-]?\d{1,18}$/.test(text)) {
    throw badRequest(`${name}: strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
  }
  return Number(text);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function parseTime(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = RFC3339.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) {
    throw badRequest(
      `sinceTime: parsing time ${JSON.stringify(text)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(text)} as RFC 3339`,
    );
  }
  // The parameter is a metav1.Time: second precision.
  return Math.floor(ms / 1000) * 1000;
}

/** Parses and validates the query; a 422 names every invalid option, as ValidatePodLogOptions does. */
export function parseLogOptions(pod: string, query: Query): PodLogOptions {
  const container = query('container');
  const options: PodLogOptions = {
    ...(container ? { container } : {}),
    follow: parseBool('follow', query('follow')),
    previous: parseBool('previous', query('previous')),
    timestamps: parseBool('timestamps', query('timestamps')),
  };
  const sinceSeconds = parseInt64('sinceSeconds', query('sinceSeconds'));
  const sinceTime = parseTime(query('sinceTime'));
  const tailLines = parseInt64('tailLines', query('tailLines'));
  const limitBytes = parseInt64('limitBytes', query('limitBytes'));
  const errors: FieldError[] = [];
  if (tailLines !== undefined && tailLines < 0)
    errors.push(invalid('tailLines', tailLines, 'must be greater than or equal to 0'));
  if (limitBytes !== undefined && limitBytes < 1)
    errors.push(invalid('limitBytes', limitBytes, 'must be greater than 0'));
  if (sinceSeconds !== undefined && sinceTime !== undefined) {
    errors.push(forbidden('', 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  } else if (sinceSeconds !== undefined && sinceSeconds < 1) {
    errors.push(invalid('sinceSeconds', sinceSeconds, 'must be greater than 0'));
  }
  if (errors.length) throw invalidError({ kind: 'PodLogOptions', group: '' }, pod, errors);
  return {
    ...options,
    ...(sinceSeconds !== undefined ? { sinceSeconds } : {}),
    ...(sinceTime !== undefined ? { sinceTime } : {}),
    ...(tailLines !== undefined ? { tailLines } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
  };
}

const names = (list: { name: string }[] | undefined) => (list ?? []).map((c) => c.name);

function initContainers(pod: Pod): { name: string }[] {
  const spec = (pod.spec ?? {}) as Record<string, unknown>;
  const init = Object.hasOwn(spec, 'initContainers') ? spec.initContainers : undefined;
  return Array.isArray(init) ? (init as { name: string }[]) : [];
}

/** The container a request reads (LogLocation): the named one, or the pod's only one. */
export function logContainer(pod: Pod, asked: string | undefined): string {
  const podName = pod.metadata.name ?? '';
  const containers = names(pod.spec?.containers);
  if (asked === undefined) {
    if (containers.length === 1) return containers[0]!;
    if (containers.length === 0)
      throw badRequest(`a container name must be specified for pod ${podName}`);
    const init = names(initContainers(pod));
    const initText = init.length ? ` or one of the init containers: [${init.join(' ')}]` : '';
    throw badRequest(
      `a container name must be specified for pod ${podName}, choose one of: [${containers.join(' ')}]${initText}`,
    );
  }
  if (![...containers, ...names(initContainers(pod))].includes(asked)) {
    throw badRequest(`container ${asked} is not valid for pod ${podName}`);
  }
  return asked;
}

interface StatusForLogs {
  name: string;
  containerID?: string;
  state?: {
    waiting?: { reason?: string };
    running?: unknown;
    terminated?: { containerID?: string };
  };
  lastState?: { terminated?: { containerID?: string } };
}

/**
 * The run whose log the kubelet reads (validateContainerLogStatus): the last terminated one for
 * `previous`, else the running one, else the last that ran; a container still waiting to start
 * has none, and the kubelet says why (400, which kube-apiserver passes on as BadRequest).
 */
export function logRun(pod: Pod, container: string, previous: boolean): string {
  const podName = pod.metadata.name ?? '';
  const statuses = [
    ...(pod.status?.containerStatuses ?? []),
    ...(((pod.status as Record<string, unknown> | undefined)?.initContainerStatuses as unknown[]) ??
      []),
  ] as StatusForLogs[];
  const status = statuses.find((s) => s.name === container);
  const quoted = `container "${container}" in pod "${podName}"`;
  if (!status) throw badRequest(`${quoted} is not available`);
  const last = status.lastState?.terminated?.containerID;
  const { waiting, running, terminated } = status.state ?? {};
  if (previous) {
    if (!last)
      throw badRequest(
        `previous terminated container "${container}" in pod "${podName}" not found`,
      );
    return last;
  }
  if (running !== undefined && status.containerID) return status.containerID;
  if (terminated !== undefined) {
    const id = terminated.containerID || last;
    if (!id) throw badRequest(`${quoted} is terminated`);
    return id;
  }
  if (last) return last;
  if (waiting !== undefined) {
    const reason = waiting.reason ?? '';
    if (reason === 'ErrImagePull')
      throw badRequest(`${quoted} is waiting to start: image can't be pulled`);
    if (reason === 'ImagePullBackOff')
      throw badRequest(`${quoted} is waiting to start: trying and failing to pull image`);
    throw badRequest(`${quoted} is waiting to start: ${reason}`);
  }
  throw badRequest(`${quoted} is waiting to start - no logs yet`);
}

/** Lines the options let through, before limitBytes: the last tailLines, then those since. */
export function selectLines(lines: LogLine[], options: PodLogOptions, now: number): LogLine[] {
  let out = options.tailLines === undefined ? lines : lines.slice(lines.length - options.tailLines);
  if (options.tailLines === 0) out = [];
  const since =
    options.sinceTime ??
    (options.sinceSeconds !== undefined ? now - options.sinceSeconds * 1000 : undefined);
  if (since !== undefined) out = out.filter((l) => l.time >= since);
  return out;
}

/** One line as the kubelet sends it, with its timestamp when asked. */
export function renderLine(line: LogLine, timestamps: boolean): string {
  return timestamps ? `${kubeletTimestamp(line.time)} ${line.text}\n` : `${line.text}\n`;
}

/** Cuts `text` to at most `limit` UTF-8 bytes (limitBytes may end mid-line, as the kubelet's does). */
export function limitText(
  text: string,
  limit: number | undefined,
): { text: string; full: boolean } {
  if (limit === undefined) return { text, full: false };
  const bytes = new TextEncoder().encode(text);
  if (bytes.length < limit) return { text, full: false };
  return { text: new TextDecoder().decode(bytes.slice(0, limit)), full: true };
}
