// Send requests: N connections to a node (or external IP) and port, from a client IP. One request
// shows its path step by step, and where it failed; a batch shows the per-pod split.
import { useState } from 'hono/jsx/dom';
import { Control } from './control';
import { useDoorPicks } from './door-pick';
import { answerOf, ApiFailure } from './api';
import { Bars } from './bars';
import type { LabData } from './live';
import { refreshNow } from './live';
import { addressDoors, nodeIp, nodePortDoors } from './model';
import type { BatchAnswer, RouteAnswer } from './types';
import { Checklist } from './checklist';

interface Step {
  title: string;
  text: string;
  failed?: boolean;
}

/** The path of one request; the first part it did not reach is the failing step. */
export function stepsOf(a: RouteAnswer): Step[] {
  const r = a.request;
  const steps: Step[] = [{ title: 'Client', text: `${r.clientIp} → ${r.ip}:${r.port}${r.path}` }];
  const fail = (title: string) => {
    steps.push({
      title,
      text: a.curlError ? `${a.message}\n${a.curlError}` : a.message,
      failed: true,
    });
    return steps;
  };
  // The cloud in front of the nodes: the balancer that picked a node, the firewall's verdict.
  const lb = a.loadBalancer;
  if (lb) {
    const healthy = lb.failOpen
      ? 'no node healthy: sent to any'
      : `healthy: ${lb.healthyNodes.join(', ')}`;
    steps.push({ title: `Load balancer ${lb.address}`, text: `→ ${lb.node} (${healthy})` });
  }
  const fw = a.firewall;
  if (fw && !fw.allowed) return fail(`Cloud firewall ${fw.name}`);
  if (fw)
    steps.push({ title: `Cloud firewall ${fw.name}`, text: `allowed by rule ${fw.rule ?? '?'}` });
  if (!a.receivingNode && !a.service) return fail('Door');
  const s = a.service;
  if (!s) return fail(`Door on ${a.receivingNode!.name}`);
  const door = s.via === 'nodePort' ? `nodePort ${s.nodePort}` : `${s.via} ${r.ip}:${s.port}`;
  steps.push({
    title: `Door on ${a.receivingNode?.name ?? r.ip}`,
    text: `${door} → Service ${s.namespace}/${s.name} (${s.type}, ${s.port}${s.nodePort ? `:${s.nodePort}` : ''}/${s.protocol} -> ${s.targetPort})`,
  });
  const p = a.proxy;
  if (!p?.rule || !a.pod) return fail(`kube-proxy (${p?.mode ?? 'iptables'})`);
  const extra = [
    `${p.candidates.length} of ${p.totalEndpoints} endpoints, externalTrafficPolicy ${p.trafficPolicy}`,
    p.affinityHit ? 'session affinity kept the client on its pod' : '',
    p.masqueraded ? 'source masqueraded to the node' : 'client IP kept',
  ].filter(Boolean);
  steps.push({ title: `kube-proxy (${p.mode})`, text: `${p.rule.text}\n${extra.join('; ')}` });
  if (!a.response) {
    return fail(`Pod ${a.pod.name} ${a.pod.ip}:${a.pod.targetPort} on ${a.pod.node}`);
  }
  steps.push({
    title: 'Pod',
    text: `${a.pod.name} ${a.pod.ip}:${a.pod.targetPort} on ${a.pod.node}, saw ${a.remoteAddr ?? '?'}`,
  });
  steps.push({ title: `Answer: HTTP ${a.response.status}`, text: a.response.body });
  return steps;
}

function Path({ answer }: { answer: RouteAnswer }) {
  const steps = stepsOf(answer);
  return (
    <ol class="path" aria-label="path of the request">
      {steps.map((s, i) => (
        <li class={`step step-${Math.min(i, 5)} ${s.failed ? 'failed' : 'passed'}`}>
          <span class="mark" aria-hidden="true">
            {s.failed ? '✗' : '✓'}
          </span>
          <b>{s.failed ? `Failed at: ${s.title}` : s.title}</b>
          <pre>{s.text}</pre>
        </li>
      ))}
    </ol>
  );
}

type Result =
  | { kind: 'one'; answer: RouteAnswer }
  | { kind: 'batch'; answer: BatchAnswer }
  | { kind: 'error'; message: string };

function Batch({ answer }: { answer: BatchAnswer }) {
  const outcomes = Object.entries(answer.outcomes)
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');
  const bars = answer.distribution.pods.map((p) => ({ label: `${p.pod} (${p.node})`, ...p }));
  return (
    <div class="batch" role="status">
      <p>
        {answer.count} requests sent; {outcomes}
      </p>
      {bars.length > 0 && <Bars title="This batch, per pod" bars={bars} />}
      {answer.distribution.entryNodes && (
        <Bars
          title="This batch, by the node it entered"
          bars={answer.distribution.entryNodes.map((n) => ({ label: n.node, ...n }))}
        />
      )}
      {answer.first.outcome !== 'ok' && <Path answer={answer.first} />}
    </div>
  );
}

export function SendForm({ data, maxBatch }: { data: LabData; maxBatch: number }) {
  const firstDoor = nodePortDoors(data.services)[0];
  const [ip, setIp] = useState(data.nodes[1] ? nodeIp(data.nodes[1]) : '');
  const [port, setPort] = useState(firstDoor ? String(firstDoor.port) : '30007');
  const [count, setCount] = useState('1');
  const [client, setClient] = useState('192.168.1.10');
  const [path, setPath] = useState('/');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | undefined>(undefined);
  useDoorPicks((pick) => {
    setIp(pick.ip);
    setPort(String(pick.port));
    document.getElementById('ui-count')?.focus();
  });
  const targets = [
    ...data.nodes.map((n) => ({ ip: nodeIp(n), label: n.metadata.name })),
    ...addressDoors(data.services).map((d) => ({
      ip: d.ip!,
      label: `${d.via} of ${d.service.metadata.name}`,
    })),
  ];
  const send = async (e: Event) => {
    e.preventDefault();
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > maxBatch) {
      setResult({ kind: 'error', message: `Requests must be between 1 and ${maxBatch}` });
      return;
    }
    setBusy(true);
    const rest = path.startsWith('/') ? path : `/${path}`;
    const q = new URLSearchParams({ clientIp: client });
    if (n > 1) q.set('count', String(n));
    const url = `/nodes/${encodeURIComponent(ip)}/${encodeURIComponent(port)}/request${rest === '/' ? '' : rest}?${q}`;
    try {
      const { body } = await answerOf<RouteAnswer | BatchAnswer>(url);
      setResult(
        n > 1
          ? { kind: 'batch', answer: body as BatchAnswer }
          : { kind: 'one', answer: body as RouteAnswer },
      );
    } catch (err) {
      setResult({ kind: 'error', message: err instanceof ApiFailure ? err.message : String(err) });
    } finally {
      setBusy(false);
      refreshNow();
    }
  };
  return (
    <section aria-labelledby="send-title" class="panel send">
      <h2 id="send-title">Send traffic</h2>
      <form onSubmit={send} class="grid-form">
        <Control id="ui-node" label="Node">
          <input
            id="ui-node"
            name="node"
            list="targets"
            value={ip}
            required
            onInput={(e: Event) => setIp((e.target as HTMLInputElement).value)}
          />
        </Control>
        <datalist id="targets">
          {targets.map((t) => (
            <option value={t.ip}>{t.label}</option>
          ))}
        </datalist>
        <Control id="ui-port" label="Port">
          <input
            id="ui-port"
            name="port"
            inputmode="numeric"
            value={port}
            required
            onInput={(e: Event) => setPort((e.target as HTMLInputElement).value)}
          />
        </Control>
        <Control id="ui-count" label="Requests">
          <input
            id="ui-count"
            name="count"
            type="number"
            min="1"
            max={String(maxBatch)}
            value={count}
            onInput={(e: Event) => setCount((e.target as HTMLInputElement).value)}
          />
        </Control>
        <Control id="ui-clientIp" label="Client IP">
          <input
            id="ui-clientIp"
            name="clientIp"
            value={client}
            onInput={(e: Event) => setClient((e.target as HTMLInputElement).value)}
          />
        </Control>
        <Control id="ui-path" label="Path">
          <input
            id="ui-path"
            name="path"
            value={path}
            onInput={(e: Event) => setPath((e.target as HTMLInputElement).value)}
          />
        </Control>
        <button type="submit" disabled={busy}>
          Send
        </button>
      </form>
      <p class="hint">Up to {maxBatch.toLocaleString('en')} requests per batch on this server.</p>
      <div aria-live="polite">
        {result?.kind === 'one' && <Path answer={result.answer} />}
        {result?.kind === 'one' && result.answer.outcome !== 'ok' && (
          <Checklist request={result.answer.request} />
        )}
        {result?.kind === 'batch' && <Batch answer={result.answer} />}
        {result?.kind === 'error' && (
          <p class="error" role="alert">
            {result.message}
          </p>
        )}
      </div>
    </section>
  );
}
