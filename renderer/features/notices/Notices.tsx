import { useWorkbench } from '../../app/store-context';
import './notices.css';

/** The last thing that went wrong, in one sentence; and a banner if the host is gone. */
export function Notices() {
  const error = useWorkbench((state) => state.error);
  const lost = useWorkbench((state) => state.lost);
  const showError = useWorkbench((state) => state.showError);
  // Once the host is gone every call fails the same way: the banner says it once.
  const shown = error !== null && error !== lost ? error : null;
  return (
    <div className="notices">
      {lost && (
        <p role="alert" className="notice lost">
          {lost}
        </p>
      )}
      <div role="alert" className={shown ? 'notice error' : 'notice empty'}>
        {shown && (
          <>
            <span>{sentence(shown)}</span>
            <button type="button" aria-label="Dismiss" onClick={() => showError(null)}>
              ×
            </button>
          </>
        )}
      </div>
    </div>
  );
}

/** "port 80 is in use" → "Port 80 is in use." */
export function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?…)]$/.test(text) ? text : `${text}.`;
}
