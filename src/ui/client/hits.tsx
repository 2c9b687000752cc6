// The hit split: per Service, a bar per pod, by the node a request entered (when the server says)
// and by the pod's node, the chi-square p-value against an even split; reset.
import { useEffect, useState } from 'hono/jsx/dom';
import { api, get } from './api';
import { Bars } from './bars';
import type { LabData } from './live';
import { refreshNow } from './live';
import type { ServiceHits } from './types';

function pText(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

function verdict(p: number): string {
  return p < 0.05 ? 'uneven (p < 0.05)' : 'consistent with an even split';
}

function ServiceSplit({ hits, mode }: { hits: ServiceHits; mode: string }) {
  const title = `${hits.namespace}/${hits.service}`;
  const even = hits.evenSplit;
  return (
    <article class="split" aria-label={`hits of ${hits.service}: ${hits.total}`}>
      <header>
        <h3>{title}</h3>
        <span>
          {hits.total} hits, kube-proxy {mode}
        </span>
      </header>
      <Bars
        title="per pod"
        bars={hits.pods.map((p) => ({ label: `${p.pod} ${p.podIP ?? ''}`, ...p }))}
      />
      {hits.entryNodes && (
        <Bars
          title="by the node the request entered"
          bars={hits.entryNodes.map((n) => ({ label: n.node, ...n }))}
        />
      )}
      <Bars title="by the pod's node" bars={hits.nodes.map((n) => ({ label: n.node, ...n }))} />
      {even && (
        <p class="even">
          Chi-square against an even split over the endpoints: χ² = {even.statistic.toFixed(2)}, df
          = {even.degreesOfFreedom}, p = {pText(even.pValue)}: {verdict(even.pValue)}
        </p>
      )}
    </article>
  );
}

export function HitSplit({ data }: { data: LabData }) {
  const [details, setDetails] = useState<Record<string, ServiceHits>>({});
  const key = data.hits.services.map((s) => `${s.namespace}/${s.service}:${s.total}`).join(',');
  useEffect(() => {
    let gone = false;
    void Promise.all(
      data.hits.services.map((s) =>
        get<ServiceHits>(
          `/hits/${encodeURIComponent(s.namespace)}/${encodeURIComponent(s.service)}`,
        ).catch(() => s),
      ),
    ).then((all) => {
      if (!gone) setDetails(Object.fromEntries(all.map((s) => [`${s.namespace}/${s.service}`, s])));
    });
    return () => {
      gone = true;
    };
  }, [key]);
  const reset = async () => {
    await api('DELETE', '/hits');
    refreshNow();
  };
  return (
    <section aria-labelledby="hits-title" class="panel hits">
      <h2 id="hits-title">Hit split</h2>
      <p>
        {data.hits.total} hits in this lab (from this page, curl, kubectl or a grader).{' '}
        <button type="button" onClick={reset}>
          Reset hits
        </button>
      </p>
      {data.hits.services.map((s) => {
        const k = `${s.namespace}/${s.service}`;
        const detail = details[k];
        const shown = detail && detail.total === s.total ? { ...s, ...detail } : s;
        return <ServiceSplit hits={shown} mode={data.cluster.proxyMode} />;
      })}
      {data.hits.services.length === 0 && <p class="none">No request has reached a pod yet.</p>}
    </section>
  );
}
