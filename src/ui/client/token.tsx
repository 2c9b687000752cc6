// The token prompt, shown when the server asks for one (ADMIN_TOKEN set): a lab token or the admin
// token, kept in this tab's sessionStorage only and sent as Authorization: Bearer.
import { useState } from 'hono/jsx/dom';
import { Control } from './control';
import { storeToken } from './api';

export function TokenPrompt({ message, onToken }: { message: string; onToken: () => void }) {
  const [value, setValue] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    storeToken(value.trim());
    onToken();
  };
  return (
    <section aria-labelledby="token-title" class="panel token-prompt">
      <h2 id="token-title">Sign in to your lab</h2>
      <p>This server needs a token: your lab's token, or the instructor's admin token.</p>
      <p class="hint">The server said: {message}</p>
      <form onSubmit={submit}>
        <Control id="ui-token" label="Token">
          <input
            id="ui-token"
            name="token"
            type="password"
            autocomplete="off"
            required
            value={value}
            onInput={(e: Event) => setValue((e.target as HTMLInputElement).value)}
          />
        </Control>
        <button type="submit">Use token</button>
      </form>
      <p class="hint">It stays in this browser tab (sessionStorage) and is never put in a URL.</p>
    </section>
  );
}
