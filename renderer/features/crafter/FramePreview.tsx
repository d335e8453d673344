import type { PeerRole } from '../../store/crafter-slice';
import type { CraftedPreview } from './crafted-preview';
import { HexDump } from '../inspector/HexDump';
import '../inspector/inspector.css';

interface Props {
  preview: CraftedPreview;
  role: PeerRole;
}

/** The exact bytes Send frame writes, or what keeps the draft from being a frame. */
export function FramePreview({ preview, role }: Props) {
  if ('error' in preview) {
    return (
      <div className="crafter-preview">
        <p className="crafter-preview-head">Bytes on the wire</p>
        <p className="crafter-invalid">{preview.error}</p>
      </div>
    );
  }
  const { bytes, headerLength } = preview.wire;
  const key = preview.maskKey === null ? 'unmasked' : `masked with ${preview.maskKey}${preview.frame.mask === 'random' || preview.frame.mask === 'role' ? ', a new random key after each send' : ''}`;
  return (
    <div className="crafter-preview">
      <p className="crafter-preview-head">
        Bytes on the wire <span className="crafter-size">as a {role} sends them: {headerLength}-byte header, {bytes.length - headerLength}-byte payload, {key}</span>
      </p>
      <HexDump label="Frame bytes" bytes={bytes} headerLength={headerLength} />
    </div>
  );
}
