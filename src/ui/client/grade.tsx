// Check my work: for a lab made from a lesson, the lesson text and its checks, graded on demand
// by POST /labs/<id>/grade (the same route a grader calls).
import { useEffect, useState } from 'hono/jsx/dom';
import { api, ApiFailure, get } from './api';
import type { Grade, LabDetail, Template } from './types';

export function CheckMyWork({ lab }: { lab: LabDetail | undefined }) {
  const [lesson, setLesson] = useState<Template | undefined>(undefined);
  const [grade, setGrade] = useState<Grade | undefined>(undefined);
  const [error, setError] = useState('');
  const template = lab?.template ?? null;
  useEffect(() => {
    if (template) void get<Template>(`/templates/${encodeURIComponent(template)}`).then(setLesson);
  }, [template]);
  if (!lab) return <></>;
  const check = async () => {
    setError('');
    try {
      setGrade(await api<Grade>('POST', `/labs/${encodeURIComponent(lab.id)}/grade`));
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : String(e));
    }
  };
  return (
    <section aria-labelledby="grade-title" class="panel grade">
      <h2 id="grade-title">Check my work</h2>
      {!template && (
        <p class="none">
          This lab was not made from a lesson, so it has no checks. An instructor makes one from a
          lesson (the instructor view, or POST /labs with a template).
        </p>
      )}
      {lesson && (
        <div class="lesson">
          <h3>{lesson.title}</h3>
          <p class="tutorial">Tutorial: {lesson.tutorial}</p>
          <p>{lesson.description}</p>
        </div>
      )}
      {template && (
        <button type="button" onClick={() => void check()}>
          Check my work
        </button>
      )}
      <div aria-live="polite">
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {grade && (
          <div role="status">
            <p class={grade.passed ? 'pass' : 'fail'}>
              Score {grade.score} / {grade.maxScore}: {grade.passed ? '✓ passed' : '✗ not yet'}
            </p>
            <ul class="checks">
              {grade.checks.map((c) => (
                <li class={c.passed ? 'pass' : 'fail'}>
                  <span class="mark" aria-hidden="true">
                    {c.passed ? '✓' : '✗'}
                  </span>
                  <b>
                    {c.passed ? 'pass' : 'fail'} {c.id}
                  </b>{' '}
                  ({c.points}/{c.maxPoints}) {c.message}
                  {!c.passed && c.hint && <span class="hint"> Hint: {c.hint}</span>}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
