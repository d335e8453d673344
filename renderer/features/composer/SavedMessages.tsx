import { useId, useState } from 'react';
import type { SavedMessage } from '../../../shared/workspace';
import { useWorkbench } from '../../app/store-context';
import { InputError } from '../session-options/input-error';
import type { Draft } from './message-body';
import { draftToSaved, savedPath, savedToDraft } from './saved-draft';

interface Props {
  draft: Draft;
  onLoad(draft: Draft): void;
}

/** Name the message in the composer to keep it; pick a saved one to load it back, then send. */
export function SavedMessages({ draft, onLoad }: Props) {
  const ids = { pick: useId(), name: useId() };
  const saved = useWorkbench((state) => state.savedMessages);
  const saveMessage = useWorkbench((state) => state.saveMessage);
  const deleteSavedMessage = useWorkbench((state) => state.deleteSavedMessage);
  const showError = useWorkbench((state) => state.showError);
  const [chosenId, setChosenId] = useState('');
  const [name, setName] = useState('');
  const chosen = saved.find((message) => message.id === chosenId);

  const save = () => {
    try {
      const message = saveMessage(draftToSaved(draft, name));
      setChosenId(message.id);
      showError(null);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      showError(error.message);
    }
  };
  const pick = (id: string) => {
    setChosenId(id);
    const message = saved.find((candidate) => candidate.id === id);
    if (!message) return;
    onLoad(savedToDraft(message));
    setName(savedPath(message));
  };

  return (
    <fieldset className="control-group saved-messages">
      <legend className="sr-only">Saved messages</legend>
      <label htmlFor={ids.pick} className="sr-only">
        Saved message
      </label>
      <select id={ids.pick} value={chosen ? chosen.id : ''} onChange={(event) => pick(event.target.value)}>
        <option value="" disabled>
          {saved.length === 0 ? 'No saved messages' : `Saved messages (${saved.length})…`}
        </option>
        {byFolder(saved).map(([folder, messages]) =>
          folder === '' ? (
            messages.map((message) => <SavedOption key={message.id} message={message} />)
          ) : (
            <optgroup key={folder} label={folder}>
              {messages.map((message) => (
                <SavedOption key={message.id} message={message} />
              ))}
            </optgroup>
          ),
        )}
      </select>
      <button type="button" className="icon" aria-label="Delete saved message" title="Delete the saved message" disabled={!chosen} onClick={() => chosen && deleteSavedMessage(chosen.id)}>
        ×
      </button>
      <label htmlFor={ids.name} className="sr-only">
        Save as
      </label>
      <input id={ids.name} className="saved-name" type="text" value={name} placeholder="save as (folder/name)" spellCheck={false} onChange={(event) => setName(event.target.value)} />
      <button type="button" onClick={save}>
        Save
      </button>
    </fieldset>
  );
}

function SavedOption({ message }: { message: SavedMessage }) {
  return (
    <option value={message.id}>
      {message.name} ({message.kind === 'binary' ? message.encoding : message.kind})
    </option>
  );
}

/** Top-level messages first, then each folder, each sorted by name. */
function byFolder(messages: SavedMessage[]): [string, SavedMessage[]][] {
  const folders = new Map<string, SavedMessage[]>();
  for (const message of [...messages].sort((a, b) => a.name.localeCompare(b.name))) {
    folders.set(message.folder, [...(folders.get(message.folder) ?? []), message]);
  }
  return [...folders.entries()].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
}
