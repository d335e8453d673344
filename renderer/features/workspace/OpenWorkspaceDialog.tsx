import { useWorkbench } from '../../app/store-context';
import { PathDialog } from './PathDialog';

interface Props {
  onClose(): void;
}

/** Open a workspace file by path, or one of the recent ones in one click. */
export function OpenWorkspaceDialog({ onClose }: Props) {
  const recent = useWorkbench((state) => state.workspace?.recent ?? []);
  const openWorkspace = useWorkbench((state) => state.openWorkspace);
  const open = async (path: string) => {
    const done = await openWorkspace(path);
    if (done) onClose();
    return done;
  };
  return (
    <PathDialog title="Open workspace" submitLabel="Open" placeholder="/home/me/probe.wsb.json" onSubmit={open} onCancel={onClose}>
      {() =>
        recent.length > 0 && (
          <div className="recent">
            <h3>Recent workspaces</h3>
            <ul aria-label="Recent workspaces">
              {recent.map((path) => (
                <li key={path}>
                  <button type="button" className="link mono" title={`Open ${path}`} onClick={() => void open(path)}>
                    {path}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )
      }
    </PathDialog>
  );
}
