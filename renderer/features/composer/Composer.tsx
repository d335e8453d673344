import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useWorkbench } from '../../app/store-context';

/** A text message for the selected connection (for a server: every client). Ctrl+Enter sends. */
export function Composer() {
  const [text, setText] = useState('');
  const sendText = useWorkbench((state) => state.sendText);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void sendText(text);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void sendText(text);
    }
  };
  return (
    <form className="composer" onSubmit={submit}>
      <label>
        Message
        <textarea value={text} rows={2} spellCheck={false} onChange={(event) => setText(event.target.value)} onKeyDown={onKeyDown} />
      </label>
      <button type="submit">Send</button>
    </form>
  );
}
