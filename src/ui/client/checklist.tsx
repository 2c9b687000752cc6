// "Why?" after a failed request: the Service debugger's walk of Kubernetes' "Debug Services"
// checklist for that address and port (GET /debug/connections/:ip/:port), step by step.
import { useState } from 'hono/jsx/dom';
import { ApiFailure, get } from './api';
import type { DebugReport, RouteAnswer } from './types';

const MARK = { passed: '✓', failed: '✗', skipped: '–' } as const;

export function Checklist({ request }: { request: RouteAnswer['request'] }) {
  const [report, setReport] = useState<DebugReport | string | undefined>(undefined);
  const walk = async () => {
    const q = new URLSearchParams({ clientIp: request.clientIp });
    const path = `/debug/connections/${encodeURIComponent(request.ip)}/${request.port}?${q}`;
    try {
      setReport(await get<DebugReport>(path));
    } catch (err) {
      setReport(err instanceof ApiFailure ? err.message : String(err));
    }
  };
  if (report === undefined) {
    return (
      <button type="button" class="why" onClick={walk}>
        Why? Walk the Debug Services checklist
      </button>
    );
  }
  if (typeof report === 'string') return <p class="error">{report}</p>;
  const about = report.service
    ? ` for Service ${report.service.namespace}/${report.service.name}`
    : '';
  return (
    <section class="checklist" aria-label="Debug Services checklist">
      <h3>Debug Services checklist{about}</h3>
      <ol>
        {report.steps.map((s) => (
          <li class={`check-${s.result}`}>
            <span class="mark" aria-hidden="true">
              {MARK[s.result]}
            </span>
            <b>{s.title}</b> <span class="result">{s.result}</span>
            <pre>{s.evidence.join('\n')}</pre>
            {s.hint && <p class="hint">Fix: {s.hint}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
