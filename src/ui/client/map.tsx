// The cluster map: nodes with their doors (every nodePort, on every node) and pods; Services with
// their ports and the pods their selector picks, selector mistakes spelled out; the workloads.
import { useState } from 'hono/jsx/dom';
import { pickDoor, useDoorPicks } from './door-pick';
import type { LabData } from './live';
import {
  addressDoors,
  isControlPlane,
  nearMisses,
  nodeIp,
  nodePortDoors,
  podKey,
  podState,
  portText,
  selectedPods,
  serviceKey,
  targetPortProblem,
} from './model';
import type { NodeObject, Pod, Service } from './types';

function PodItem(props: { pod: Pod; services: Service[]; lit: boolean; configMaps: Set<string> }) {
  const { pod, services, lit } = props;
  const s = podState(pod, props.configMaps);
  const ip = pod.status?.podIP ?? 'no IP yet';
  const by = services.filter((svc) => selectedPods(svc, [pod]).length > 0);
  const label = `pod ${pod.metadata.name} ${ip} ${s.text}`;
  return (
    <li class={`pod ${s.ready ? 'ok' : 'bad'} ${lit ? 'lit' : ''}`} aria-label={label}>
      <span class="mark" aria-hidden="true">
        {s.ready ? '✓' : '✗'}
      </span>
      <span class="name">{pod.metadata.name}</span>
      <span class="ip">{ip}</span>
      <span class="state">{s.text}</span>
      {s.detail && <span class="detail">{s.detail}</span>}
      {by.length > 0 && <span class="by">← {by.map((svc) => svc.metadata.name).join(', ')}</span>}
    </li>
  );
}

function NodeCard(props: { node: NodeObject; data: LabData; lit: Set<string> }) {
  const { node, data, lit } = props;
  const ip = nodeIp(node);
  const role = isControlPlane(node) ? 'control-plane' : 'worker';
  const pods = data.pods.filter((p) => p.spec?.nodeName === node.metadata.name);
  const doors = nodePortDoors(data.services);
  return (
    <article class="node" aria-label={`node ${node.metadata.name} ${ip} ${role}`}>
      <header>
        <h3>{node.metadata.name}</h3>
        <span class="role">{role}</span>
        <span class="ip">{ip}</span>
      </header>
      <ul class="doors" aria-label={`doors of ${node.metadata.name}`}>
        {doors.map((d) => (
          <li
            class="door"
            aria-label={`door ${ip}:${d.port} to service ${d.service.metadata.name}`}
            title={`${ip}:${d.port} → ${d.service.metadata.name}`}
          >
            <button
              type="button"
              class="door-pick"
              aria-label={`Pick door ${ip}:${d.port}`}
              onClick={() => pickDoor({ ip, port: d.port, service: serviceKey(d.service) })}
            >
              <span class="port">{d.port}</span> <span class="to">→ {d.service.metadata.name}</span>
            </button>
          </li>
        ))}
        {doors.length === 0 && <li class="none">no nodePort open</li>}
      </ul>
      <ul class="pods">
        {pods.map((p) => (
          <PodItem
            pod={p}
            services={data.services}
            lit={lit.has(podKey(p))}
            configMaps={new Set(data.configMaps)}
          />
        ))}
        {pods.length === 0 && <li class="none">no pods</li>}
      </ul>
    </article>
  );
}

function ServiceCard(props: { svc: Service; pods: Pod[]; chosen: boolean; onChoose: () => void }) {
  const { svc, pods, chosen, onChoose } = props;
  const picked = selectedPods(svc, pods);
  const selector = Object.entries(svc.spec?.selector ?? {});
  const misses = picked.length === 0 ? nearMisses(svc, pods) : [];
  const type = svc.spec?.type ?? 'ClusterIP';
  const ip = svc.spec?.clusterIP ?? '';
  const problems = (svc.spec?.ports ?? []).flatMap((port) =>
    picked.flatMap((p) => {
      const why = targetPortProblem(port, p);
      return why ? [`${p.metadata.name}: ${why}`] : [];
    }),
  );
  const name = `service ${svc.metadata.name} ${type} ${ip}${picked.length === 0 && selector.length ? ' selects nothing' : ''}`;
  return (
    <article class={`service ${chosen ? 'chosen' : ''}`} aria-label={name}>
      <header>
        <h3>{svc.metadata.name}</h3>
        <span class="type">{type}</span>
        <span class="ip">{ip}</span>
      </header>
      <ul class="ports">
        {(svc.spec?.ports ?? []).map((p) => (
          <li>
            <span class="port-text">{portText(p)}</span>
            <span class="flow" aria-hidden="true">
              {p.nodePort && <span class="chip door">every node :{p.nodePort}</span>}
              {p.nodePort && ' → '}
              <span class="chip svc">
                {ip}:{p.port}
              </span>
              {' → '}
              <span class={`chip ${picked.length ? 'pods' : selector.length ? 'nothing' : ''}`}>
                {picked.length
                  ? `${picked.length} pods :${p.targetPort ?? p.port}`
                  : selector.length
                    ? 'no pods'
                    : 'endpoints set by hand (no selector)'}
              </span>
            </span>
          </li>
        ))}
      </ul>
      {addressDoors([svc]).map((d) => (
        <p class="door-line">
          {d.via === 'externalIP' ? 'externalIP' : 'load balancer'} door {d.ip}:{d.port}
        </p>
      ))}
      <p class="selector">
        selector: {selector.length ? selector.map(([k, v]) => `${k}=${v}`).join(', ') : '(none)'}
      </p>
      {selector.length > 0 && picked.length === 0 ? (
        <p class="warn" role="status">
          ⚠ selects nothing: no pod in {svc.metadata.namespace ?? 'default'} has these labels
          {misses.length > 0 &&
            `; almost: ${misses.map((m) => `${m.pod.metadata.name} (${m.label})`).join(', ')}`}
        </p>
      ) : (
        <ul class="selected" aria-label={`pods of ${svc.metadata.name}`}>
          {picked.map((p) => (
            <li>
              → {p.metadata.name} {p.status?.podIP ?? ''}{' '}
              {podState(p, new Set()).ready ? '' : '(not ready)'}
            </li>
          ))}
        </ul>
      )}
      {problems.map((p) => (
        <p class="warn">⚠ {p}</p>
      ))}
      {picked.length > 0 && (
        <button type="button" aria-pressed={chosen ? 'true' : 'false'} onClick={onChoose}>
          {chosen ? 'Hide its pods' : 'Show its pods'}
        </button>
      )}
    </article>
  );
}

function Workloads({ data }: { data: LabData }) {
  if (data.deployments.length === 0 && data.replicaSets.length === 0) return <></>;
  const podsOf = (rs: string) =>
    data.pods.filter((p) => p.metadata.ownerReferences?.some((o) => o.name === rs));
  return (
    <ul class="workloads" aria-label="workloads">
      {data.deployments.map((d) => {
        const sets = data.replicaSets.filter((rs) =>
          rs.metadata.ownerReferences?.some(
            (o) => o.kind === 'Deployment' && o.name === d.metadata.name,
          ),
        );
        return (
          <li>
            Deployment <b>{d.metadata.name}</b>: {d.status?.readyReplicas ?? 0}/
            {d.spec?.replicas ?? 0} ready
            {sets.map((rs) => (
              <span class="rs">
                {' '}
                ⊃ ReplicaSet {rs.metadata.name} ({podsOf(rs.metadata.name).length} pods)
              </span>
            ))}
          </li>
        );
      })}
    </ul>
  );
}

/** externalIPs and load-balancer ingress IPs: doors outside the nodes, on the service port. */
function ExternalDoors({ services }: { services: Service[] }) {
  const doors = addressDoors(services);
  if (doors.length === 0) return <></>;
  return (
    <article class="node external" aria-label="external addresses">
      <header>
        <h3>Outside the nodes</h3>
        <span class="role">externalIPs, load balancers</span>
      </header>
      <ul class="doors">
        {doors.map((d) => {
          const via = d.via === 'externalIP' ? 'externalIP' : 'load balancer';
          return (
            <li
              class="door"
              aria-label={`door ${d.ip}:${d.port} to service ${d.service.metadata.name} (${via})`}
            >
              <button
                type="button"
                class="door-pick"
                aria-label={`Pick door ${d.ip}:${d.port}`}
                onClick={() =>
                  pickDoor({ ip: d.ip!, port: d.port, service: serviceKey(d.service) })
                }
              >
                <span class="port">
                  {d.ip}:{d.port}
                </span>{' '}
                <span class="to">
                  → {d.service.metadata.name} ({via})
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </article>
  );
}

export function ClusterMap({ data }: { data: LabData }) {
  const [chosen, setChosen] = useState('');
  useDoorPicks((pick) => setChosen(pick.service));
  const services = data.services.filter((s) => s.metadata.namespace !== 'kube-system');
  const chosenSvc = services.find((s) => serviceKey(s) === chosen);
  const lit = new Set(chosenSvc ? selectedPods(chosenSvc, data.pods).map(podKey) : []);
  return (
    <section aria-labelledby="map-title" class="panel map">
      <h2 id="map-title">Cluster map</h2>
      <p class="hint">
        Each nodePort is a door on every node. Pick a door to send requests through it.
      </p>
      <div class="nodes">
        {data.nodes.map((n) => (
          <NodeCard node={n} data={{ ...data, services }} lit={lit} />
        ))}
        <ExternalDoors services={services} />
      </div>
      <Workloads data={data} />
      <h3 class="sub">Services</h3>
      <div class="services">
        {services.map((s) => (
          <ServiceCard
            svc={s}
            pods={data.pods}
            chosen={serviceKey(s) === chosen}
            onChoose={() => setChosen(serviceKey(s) === chosen ? '' : serviceKey(s))}
          />
        ))}
      </div>
    </section>
  );
}
