// A labelled form control: <label for> beside the control (a label wrapped around a <select>
// would put the selected option's text into the control's accessible name).
import type { Child } from 'hono/jsx';

export function Control({ id, label, children }: { id: string; label: string; children: Child }) {
  return (
    <div class="control">
      <label for={id}>{label}</label>
      {children}
    </div>
  );
}
