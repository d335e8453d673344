import { isControlOpcode } from '../../shared/opcodes';

const IN = 0;
const OUT = 1;
const NONE = -1;

/**
 * Which rows make up one fragmented message (RFC 6455 §5.4): a first frame with FIN=0
 * and a data opcode, continuation frames (opcode 0), the last one with FIN=1. Each
 * direction has its own message in progress, and control frames may come in between
 * (§5.4: "Control frames MAY be injected in the middle of a fragmented message").
 */
export class FragmentGroups {
  /** Per row: its group's index + 1, or 0 for a row outside any group. */
  groupOf = new Uint32Array(0);
  /** Per group: its rows (the first fragment first), its data opcode, its declared bytes, and whether a FIN frame ended it. */
  readonly rows: number[][] = [];
  readonly opcode: number[] = [];
  readonly bytes: number[] = [];
  readonly finished: boolean[] = [];
  private open = [NONE, NONE];

  get count(): number {
    return this.rows.length;
  }

  /** The group of `row`, or -1. */
  of(row: number): number {
    return row < this.groupOf.length ? this.groupOf[row] - 1 : -1;
  }

  firstRow(group: number): number {
    return this.rows[group][0];
  }

  /** Place a frame row, in row order. */
  add(row: number, out: boolean, opcode: number, fin: boolean, payloadLength: number): void {
    if (isControlOpcode(opcode)) return;
    const side = out ? OUT : IN;
    const current = this.open[side];
    if (opcode === 0) {
      // A continuation with no message in progress is a protocol violation; it stays on its own row.
      if (current === NONE) return;
      this.join(current, row, payloadLength);
      if (fin) {
        this.finished[current] = true;
        this.open[side] = NONE;
      }
      return;
    }
    // A new data frame while a message is still in progress (§5.4 violation) leaves that one unfinished.
    this.open[side] = NONE;
    if (fin) return;
    const group = this.rows.length;
    this.rows.push([]);
    this.opcode.push(opcode);
    this.bytes.push(0);
    this.finished.push(false);
    this.join(group, row, payloadLength);
    this.open[side] = group;
  }

  clear(): void {
    this.groupOf = new Uint32Array(0);
    this.rows.length = 0;
    this.opcode.length = 0;
    this.bytes.length = 0;
    this.finished.length = 0;
    this.open = [NONE, NONE];
  }

  private join(group: number, row: number, payloadLength: number): void {
    if (row >= this.groupOf.length) {
      const grown = new Uint32Array(Math.max(row + 1, this.groupOf.length * 2, 1024));
      grown.set(this.groupOf);
      this.groupOf = grown;
    }
    this.groupOf[row] = group + 1;
    this.rows[group].push(row);
    this.bytes[group] += payloadLength;
  }
}
