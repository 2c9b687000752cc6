// The instructor view (admin token, or anyone in open mode): the labs with their lesson, dates and
// usage, each opening its page; create a lab from a lesson and copy its token or link.
import { useEffect, useState } from 'hono/jsx/dom';
import { Control } from './control';
import { api, ApiFailure, get } from './api';
import type { Grade, LabDetail, Template } from './types';

const day = (iso: string | null) =>
  iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : 'never';

function Created({ lab }: { lab: LabDetail & { token: string } }) {
  const link = `${location.origin}/ui/labs/${encodeURIComponent(lab.id)}`;
  const copy = (text: string) => void navigator.clipboard?.writeText(text);
  return (
    <div class="created" role="status">
      <p>
        Lab <b>{lab.name}</b> ({lab.id}) created. Its token is shown once: give it to the student.
      </p>
      <p>
        <label for="ui-new-token">Lab token</label>{' '}
        <input id="ui-new-token" readonly value={lab.token} class="token" />{' '}
        <button type="button" onClick={() => copy(lab.token)}>
          Copy token
        </button>
      </p>
      <p>
        <a href={link}>{link}</a>{' '}
        <button type="button" onClick={() => copy(link)}>
          Copy link
        </button>
      </p>
    </div>
  );
}

/** The lab's latest grade as the API keeps it; Grade (POST /labs/<id>/grade) records a new one. */
function Score({ lab }: { lab: LabDetail }) {
  const [score, setScore] = useState(lab.latestScore);
  const [error, setError] = useState('');
  const path = `/labs/${encodeURIComponent(lab.id)}`;
  const grade = async () => {
    setError('');
    try {
      await api<Grade>('POST', `${path}/grade`);
      // The score the API kept, with its time, rather than one only this page knows.
      setScore((await get<LabDetail>(path)).latestScore);
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : String(e));
    }
  };
  return (
    <>
      <span class="score">
        {score ? `${score.points} / ${score.maxPoints}, ${day(score.gradedAt)}` : 'not graded'}
      </span>{' '}
      <button type="button" aria-label={`Grade ${lab.name}`} onClick={() => void grade()}>
        Grade
      </button>
      {error && <span class="error"> {error}</span>}
    </>
  );
}

export function InstructorView() {
  const [labs, setLabs] = useState<LabDetail[] | undefined>(undefined);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [name, setName] = useState('');
  const [template, setTemplate] = useState('');
  const [created, setCreated] = useState<(LabDetail & { token: string }) | undefined>(undefined);
  const [error, setError] = useState('');
  const [epoch, setEpoch] = useState(0);
  useEffect(() => {
    void (async () => {
      try {
        const list = await get<{ items: LabDetail[] }>('/labs?limit=100');
        // Usage and quota come with each lab's own answer; the first 20 are enough for a glance.
        const detailed = await Promise.all(
          list.items.map((l, i) =>
            i < 20 ? get<LabDetail>(`/labs/${encodeURIComponent(l.id)}`).catch(() => l) : l,
          ),
        );
        setLabs(detailed);
        setTemplates((await get<{ items: Template[] }>('/templates')).items);
      } catch (e) {
        if (!(e instanceof ApiFailure) || e.status !== 403) setError(String(e));
        setLabs(undefined);
      }
    })();
  }, [epoch]);
  if (!labs) return <></>;
  const create = async (e: Event) => {
    e.preventDefault();
    setError('');
    const body: Record<string, string> = {};
    if (name) body['name'] = name;
    if (template) body['template'] = template;
    try {
      setCreated(
        await api('POST', '/labs', { type: 'application/json', text: JSON.stringify(body) }),
      );
      setEpoch(epoch + 1);
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : String(err));
    }
  };
  return (
    <section aria-labelledby="labs-title" class="panel instructor">
      <h2 id="labs-title">Instructor: labs</h2>
      <table aria-label="labs">
        <thead>
          <tr>
            <th scope="col">Lab</th>
            <th scope="col">Lesson</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Usage</th>
            <th scope="col">Latest score</th>
          </tr>
        </thead>
        <tbody>
          {labs.map((l) => (
            <tr>
              <td>
                <a href={`/ui/labs/${encodeURIComponent(l.id)}`}>{l.name}</a>
                {l.name !== l.id && <span class="id"> {l.id}</span>}
              </td>
              <td>{l.template ?? '—'}</td>
              <td>{day(l.createdAt)}</td>
              <td>{day(l.expiresAt)}</td>
              <td>
                {l.usage && l.quota
                  ? `${l.usage.objects}/${l.quota.objects} objects, ${l.usage.pods}/${l.quota.pods} pods`
                  : ''}
              </td>
              <td>{l.template ? <Score lab={l} key={l.id} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="grid-form" onSubmit={create}>
        <Control id="ui-labName" label="Lab name">
          <input
            id="ui-labName"
            name="labName"
            value={name}
            onInput={(e: Event) => setName((e.target as HTMLInputElement).value)}
          />
        </Control>
        <Control id="ui-template" label="Lesson">
          <select
            id="ui-template"
            name="template"
            onChange={(e: Event) => setTemplate((e.target as HTMLSelectElement).value)}
          >
            <option value="">(none: an empty cluster)</option>
            {templates.map((t) => (
              <option value={t.id}>{t.title}</option>
            ))}
          </select>
        </Control>
        <button type="submit">Create lab</button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {created && <Created lab={created} />}
    </section>
  );
}
