import os from 'node:os';
import { runDecode, type ThroughputResult } from './decode';
import { runEcho, type EchoResult } from './echo';
import { runMask } from './mask';
import { wsMaskImplementation, wsVersion } from './ws-internals';

/**
 * `npm run bench`: our engine against ws on the same machine, same load, same process.
 * Ratio is ours/ws for throughput and ws_time/our_time for time: above 1.0 we are faster.
 */

const SAMPLES = 5;
/** About how long one sample of a mask row takes (decode rows: twice that). */
const TARGET_MS = 120;
/** `npm run bench -- decode echo` runs only those sections (mask, decode, echo). */
const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);

interface Line {
  row: string;
  ours: string;
  ws: string;
  ratio: number;
}

const sections: { title: string; lines: Line[] }[] = [];

function section(title: string): Line[] {
  const lines: Line[] = [];
  sections.push({ title, lines });
  console.error(`# ${title}`);
  return lines;
}

function add(lines: Line[], line: Line): void {
  lines.push(line);
  console.error(`  ${line.row}: ours ${line.ours}, ws ${line.ws}, ratio ${line.ratio.toFixed(2)}`);
}

const mb = (value: number) => `${value.toFixed(0)} MB/s`;

function throughputLine(prefix: string, result: ThroughputResult): Line {
  return { row: `${prefix}${result.label}`, ours: mb(result.mbps.ours), ws: mb(result.mbps.ws), ratio: result.mbps.ours / result.mbps.ws };
}

function echoLine(result: EchoResult): Line {
  const show = (ms: number) => `${ms.toFixed(0)} ms (${mb(result.bytes / 1000 / ms)})`;
  return { row: result.label, ours: show(result.ms.ours), ws: show(result.ms.ws), ratio: result.ms.ws / result.ms.ours };
}

function printTable(): void {
  const header: Line = { row: 'row', ours: 'ours', ws: 'ws', ratio: Number.NaN };
  const all = sections.flatMap((s) => s.lines);
  const width = {
    row: Math.max(header.row.length, ...all.map((l) => l.row.length)),
    ours: Math.max(header.ours.length, ...all.map((l) => l.ours.length)),
    ws: Math.max(header.ws.length, ...all.map((l) => l.ws.length)),
  };
  const format = (l: Line, ratio: string) => `${l.row.padEnd(width.row)} | ${l.ours.padStart(width.ours)} | ${l.ws.padStart(width.ws)} | ${ratio}`;
  const rule = `${'-'.repeat(width.row)}-+-${'-'.repeat(width.ours)}-+-${'-'.repeat(width.ws)}-+-------`;
  console.log('');
  console.log(format(header, 'ratio'));
  for (const { title, lines } of sections) {
    console.log(rule);
    console.log(title);
    for (const line of lines) console.log(format(line, `${line.ratio.toFixed(2)}${line.ratio < 1 ? '  <' : ''}`));
  }
  console.log(rule);
  const below = all.filter((l) => l.ratio < 1);
  console.log(below.length === 0 ? 'every row at ratio >= 1.00' : `${below.length} row(s) below 1.00 (marked <)`);
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`WS Workbench vs ws ${wsVersion} | node ${process.version} | ${os.cpus().length} CPU(s), ${os.cpus()[0]?.model ?? 'unknown CPU'}`);
  console.log(`ws masks with ${wsMaskImplementation()}; ours with electron/protocol/mask.ts (pure TypeScript)`);
  console.log(`median of ${SAMPLES} interleaved samples per row, after a warm-up; ratio > 1 means ours is faster`);

  if (wanted('mask')) {
    const lines = section('mask (MB/s): applyMask vs ws unmask; maskedCopy vs allocUnsafe + ws mask');
    await runMask(SAMPLES, TARGET_MS, (r) => add(lines, throughputLine('', r)));
  }
  if (wanted('decode')) {
    const lines = section('decode (MB/s of payload): masked binary frames in 64 KiB reads, ServerConnection vs ws Receiver (isServer)');
    await runDecode(SAMPLES, TARGET_MS * 2, (r) => add(lines, throughputLine('decode ', r)));
  }
  if (wanted('echo')) {
    const lines = section('echo round trips, binary, 127.0.0.1, one process: our client <-> our server vs ws client <-> ws server (no deflate)');
    await runEcho(SAMPLES, (r) => add(lines, echoLine(r)));
  }

  printTable();
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
