// The apply box: paste YAML or pick a lesson's manifest; Apply or Dry run through POST /manifests.
// Errors as kube-apiserver words them, each cause next to its field.
import { useState } from 'hono/jsx/dom';
import { Control } from './control';
import { api, ApiFailure, type Cause } from './api';
import { LESSON_MANIFESTS } from './lessons';
import { refreshNow } from './live';

interface Applied {
  results: { kind: string; namespace?: string; name: string; action: string }[];
}

type Outcome =
  | { kind: 'ok'; dryRun: boolean; applied: Applied }
  | { kind: 'failed'; status: number; message: string; causes: Cause[] };

function Causes({ causes }: { causes: Cause[] }) {
  if (causes.length === 0) return <></>;
  return (
    <ul class="causes" aria-label="causes">
      {causes.map((c) => (
        <li>
          {c.field && <code class="field">{c.field}</code>} {c.message ?? c.reason ?? ''}
        </li>
      ))}
    </ul>
  );
}

export function ApplyBox() {
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const send = async (dryRun: boolean) => {
    setBusy(true);
    try {
      const path = dryRun ? '/manifests?dryRun=All' : '/manifests';
      const applied = await api<Applied>('POST', path, { type: 'application/yaml', text });
      setOutcome({ kind: 'ok', dryRun, applied });
    } catch (e) {
      const f = e instanceof ApiFailure ? e : new ApiFailure(0, String(e), [], undefined);
      setOutcome({ kind: 'failed', status: f.status, message: f.message, causes: f.causes });
    } finally {
      setBusy(false);
      refreshNow();
    }
  };
  const pick = (e: Event) => {
    const file = (e.target as HTMLSelectElement).value;
    const found = LESSON_MANIFESTS.find((m) => m.file === file);
    if (found) setText(found.text);
  };
  return (
    <section aria-labelledby="apply-title" class="panel apply">
      <h2 id="apply-title">Apply a manifest</h2>
      <Control id="ui-lesson" label="Lesson manifest">
        <select id="ui-lesson" name="lesson" onChange={pick}>
          <option value="">(paste your own)</option>
          {LESSON_MANIFESTS.map((m) => (
            <option value={m.file}>
              {m.file}: {m.summary}
            </option>
          ))}
        </select>
      </Control>
      <Control id="ui-manifest" label="Manifest">
        <textarea
          id="ui-manifest"
          name="manifest"
          rows={14}
          spellcheck={false}
          value={text}
          onInput={(e: Event) => setText((e.target as HTMLTextAreaElement).value)}
        />
      </Control>
      <div class="buttons">
        <button type="button" disabled={busy} onClick={() => void send(false)}>
          Apply
        </button>
        <button type="button" disabled={busy} onClick={() => void send(true)}>
          Dry run
        </button>
      </div>
      <div aria-live="polite">
        {outcome?.kind === 'ok' && (
          <ul class="applied" role="status">
            {outcome.applied.results.map((r) => (
              <li>
                {r.kind.toLowerCase()}/{r.name} {r.action}
                {outcome.dryRun ? ' (dry run)' : ''}
              </li>
            ))}
          </ul>
        )}
        {outcome?.kind === 'failed' && (
          <div class="error" role="alert">
            <p>
              <b>HTTP {outcome.status}</b> {outcome.message}
            </p>
            <Causes causes={outcome.causes} />
          </div>
        )}
      </div>
    </section>
  );
}
