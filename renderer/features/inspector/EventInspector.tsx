import { closeCodeInfo, closeCodeName } from '../../../shared/close-codes';
import type { LifecycleEntry } from '../../../shared/capture';
import { fullTime } from '../../format/clock';
import { Facts } from './Facts';

/** A lifecycle event: what happened, and for a close its code, name, meaning and whether it was clean (§7.1.5, §7.4). */
export function EventInspector({ entry }: { entry: LifecycleEntry }) {
  const code = entry.closeCode;
  return (
    <>
      <header className="inspector-title">
        <h2>{entry.event}</h2>
        <span className="muted">{fullTime(entry.time)}</span>
      </header>
      <div className="inspector-section">
        <p className={entry.event === 'error' ? 'inspector-problem' : undefined}>{entry.text}</p>
        {code !== undefined && (
          <Facts
            rows={[
              ['Close code', `${code} ${closeCodeName(code)}`],
              ['Meaning', closeCodeInfo(code)?.meaning ?? 'Not one of the codes RFC 6455 names (§7.4.2).'],
              ['Clean', entry.wasClean ? '✓ the closing handshake completed' : '✗ the connection ended without a complete closing handshake', entry.wasClean ? 'ok' : 'bad'],
            ]}
          />
        )}
      </div>
    </>
  );
}
