import { useWorkbench } from '../../app/store-context';
import './workspace.css';

/** Offers the work autosaved before a crash, when the main process kept some newer than any save. */
export function RecoveryBanner() {
  const recovery = useWorkbench((state) => state.workspace?.recovery ?? null);
  const recoverWorkspace = useWorkbench((state) => state.recoverWorkspace);
  if (!recovery) return null;
  return (
    <section className="recovery-banner" aria-label="Recovery">
      <span>The workbench stopped unexpectedly; work autosaved at {new Date(recovery.savedAt).toLocaleString()} can be brought back.</span>
      <button type="button" className="primary" onClick={() => void recoverWorkspace()}>
        Recover
      </button>
    </section>
  );
}
