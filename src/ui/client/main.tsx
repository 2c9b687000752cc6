// The page's client: the lab's map, the send form, the hit split, the apply box, check my work and
// (for the admin) the instructor view, all over the public API.
import { render, useEffect, useState } from 'hono/jsx/dom';
import { get, pageLab, storedToken, storeToken } from './api';
import { ApplyBox } from './apply';
import { CheckMyWork } from './grade';
import { HitSplit } from './hits';
import { InstructorView } from './instructor';
import { useLab } from './live';
import { ClusterMap } from './map';
import { SendForm } from './send';
import { TokenPrompt } from './token';
import type { LabDetail } from './types';

/** The API's own batch bound (the request route's ?count=); a lab's quota may lower it. */
const MAX_BATCH = 10_000;

function useLabDetail(labId: string | undefined, epoch: number): LabDetail | undefined {
  const [lab, setLab] = useState<LabDetail | undefined>(undefined);
  useEffect(() => {
    if (labId) void get<LabDetail>(`/labs/${encodeURIComponent(labId)}`).then(setLab, () => {});
  }, [labId, epoch]);
  return lab;
}

function labTitle(lab: LabDetail | undefined, id: string): string {
  if (!lab) return id ? `lab ${id}` : '';
  const lesson = lab.template ? `, lesson ${lab.template}` : '';
  return lab.name === lab.id ? `lab ${lab.id}${lesson}` : `lab ${lab.name} (${lab.id})${lesson}`;
}

function App() {
  const [epoch, setEpoch] = useState(0);
  const state = useLab(epoch);
  const labId = state.kind === 'ready' ? state.data.cluster.lab : undefined;
  const lab = useLabDetail(labId, epoch);
  const signOut = () => {
    storeToken(undefined);
    setEpoch(epoch + 1);
  };
  const maxBatch = Math.min(MAX_BATCH, lab?.quota?.requestsPerBatch ?? MAX_BATCH);
  return (
    <>
      <header class="top">
        <h1>NodePort Lab</h1>
        <span class="lab-name">{labTitle(lab, labId ?? pageLab)}</span>
        <nav>
          <a href="/docs">API docs</a>
          {storedToken() && (
            <button type="button" onClick={signOut}>
              Forget token
            </button>
          )}
        </nav>
      </header>
      <main>
        {state.kind === 'loading' && <p class="loading">Loading the lab…</p>}
        {state.kind === 'error' && (
          <p class="error" role="alert">
            {state.message}
          </p>
        )}
        {state.kind === 'needToken' && (
          <TokenPrompt message={state.message} onToken={() => setEpoch(epoch + 1)} />
        )}
        {state.kind === 'ready' && (
          <>
            <ClusterMap data={state.data} />
            <div class="columns">
              <SendForm data={state.data} maxBatch={maxBatch} />
              <HitSplit data={state.data} />
            </div>
            <div class="columns">
              <ApplyBox />
              <CheckMyWork lab={lab} />
            </div>
            <InstructorView key={`i${epoch}`} />
          </>
        )}
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root) {
  root.replaceChildren();
  render(<App />, root);
}
