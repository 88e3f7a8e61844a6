// Streaming reader of ISO 20022 files: pulls out of each `Document` the few fields a settlement
// simulation needs, never holding more than one message in memory, so a day of gigabytes loads
// in bounded memory. The file is read synchronously in chunks (scenario loading is synchronous),
// gunzipped on the fly for `.gz`, and fed to saxes, a strict, well-formedness-checking SAX parser.
// Element names are matched by local name, so any namespace prefix and message version pass.

import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Fflate from 'fflate';
import type * as Saxes from 'saxes';

// The XML and gzip readers are loaded when an ISO 20022 file is read, not at every command's
// start (~50 ms of CPU; issue 22).
const load = createRequire(import.meta.url);

/** The fields of one credit transfer transaction (`CdtTrfTxInf`), as text ('' when absent). */
export interface RawTransaction {
  txId: string;
  instrId: string;
  endToEndId: string;
  amount: string;
  /** Attribute Ccy of the amount ('' when absent). */
  currency: string;
  settlementDate: string;
  acceptance: string;
  creditTime: string;
  debitTime: string;
  tillTime: string;
  rejectTime: string;
  instructionPriority: string;
  settlementPriority: string;
  /** Proprietary service levels (`PmtTpInf/SvcLvl/Prtry`), where paysim keeps its own priority and flag. */
  serviceLevels: string[];
  debtorAgent: string;
  creditorAgent: string;
  debtor: string;
  creditor: string;
  instructingAgent: string;
  instructedAgent: string;
}

/** One `Document`: its kind (the element inside it), group header and transactions. */
export interface RawMessage {
  /** 1-based position among the file's messages. */
  readonly number: number;
  kind: string;
  msgId: string;
  created: string;
  /** `GrpHdr/IntrBkSttlmDt`, the settlement date some versions give for all transactions. */
  groupSettlementDate: string;
  readonly transactions: RawTransaction[];
}

function emptyTransaction(): RawTransaction {
  return {
    txId: '', instrId: '', endToEndId: '', amount: '', currency: '', settlementDate: '', acceptance: '',
    creditTime: '', debitTime: '', tillTime: '', rejectTime: '', instructionPriority: '', settlementPriority: '',
    serviceLevels: [], debtorAgent: '', creditorAgent: '', debtor: '', creditor: '', instructingAgent: '', instructedAgent: '',
  };
}

type Setter = (tx: RawTransaction, text: string) => void;

/** Transaction leaves by path below `CdtTrfTxInf` (BIC is the pre-2019 name of BICFI). */
const TX_FIELDS = new Map<string, Setter>([
  ['PmtId/TxId', (t, v) => (t.txId = v)],
  ['PmtId/InstrId', (t, v) => (t.instrId = v)],
  ['PmtId/EndToEndId', (t, v) => (t.endToEndId = v)],
  ['IntrBkSttlmAmt', (t, v) => (t.amount = v)],
  ['IntrBkSttlmDt', (t, v) => (t.settlementDate = v)],
  ['AccptncDtTm', (t, v) => (t.acceptance = v)],
  ['SttlmTmIndctn/CdtDtTm', (t, v) => (t.creditTime = v)],
  ['SttlmTmIndctn/DbtDtTm', (t, v) => (t.debitTime = v)],
  ['SttlmTmReq/TillTm', (t, v) => (t.tillTime = v)],
  ['SttlmTmReq/RjctTm', (t, v) => (t.rejectTime = v)],
  ['PmtTpInf/InstrPrty', (t, v) => (t.instructionPriority = v)],
  ['SttlmPrty', (t, v) => (t.settlementPriority = v)],
  ['PmtTpInf/SvcLvl/Prtry', (t, v) => t.serviceLevels.push(v)],
  ...(['BICFI', 'BIC'] as const).flatMap((leaf): Array<[string, Setter]> => [
    [`DbtrAgt/FinInstnId/${leaf}`, (t, v) => (t.debtorAgent = v)],
    [`CdtrAgt/FinInstnId/${leaf}`, (t, v) => (t.creditorAgent = v)],
    [`Dbtr/FinInstnId/${leaf}`, (t, v) => (t.debtor = v)],
    [`Cdtr/FinInstnId/${leaf}`, (t, v) => (t.creditor = v)],
    [`InstgAgt/FinInstnId/${leaf}`, (t, v) => (t.instructingAgent = v)],
    [`InstdAgt/FinInstnId/${leaf}`, (t, v) => (t.instructedAgent = v)],
  ]),
]);

/** A step of the paths of TX_FIELDS: an element below which some field lies, or a field itself. */
interface PathNode {
  readonly children: Map<string, PathNode>;
  set?: Setter;
}

/** TX_FIELDS as a tree, walked one element at a time (no path strings built per element). */
const TX_TREE: PathNode = (() => {
  const root: PathNode = { children: new Map() };
  for (const [path, set] of TX_FIELDS) {
    let node = root;
    for (const name of path.split('/')) {
      let next = node.children.get(name);
      if (next === undefined) node.children.set(name, (next = { children: new Map() }));
      node = next;
    }
    node.set = set;
  }
  return root;
})();

/** Thrown by an `onMessage` callback to stop reading at once (readIsoMessages lets it through). */
export class StopReading extends Error {}

export type XmlReadResult = { readonly ok: true; readonly messages: number } | { readonly ok: false; readonly message: string };

const CHUNK_BYTES = 1 << 20;

/**
 * Streams the file at `path` (gunzipped when it ends in `.gz`), calling `onMessage` for each
 * `Document` as soon as it closes. Stops at the first XML syntax error (a broken file has no
 * trustworthy messages after it) and returns it in words.
 */
export function readIsoMessages(path: string, onMessage: (message: RawMessage) => void): XmlReadResult {
  const { SaxesParser } = load('saxes') as typeof Saxes;
  // Without position tracking (about a tenth of the parse): a broken file is parsed again, with
  // it, only to say where the fault is.
  const parser = new SaxesParser({ xmlns: false, position: false });
  let count = 0;
  let message: RawMessage | null = null;
  let tx: RawTransaction | null = null;
  // Path below the current Document (`FICdtTrf/GrpHdr/MsgId`) and below the current transaction.
  const stack: string[] = [];
  let documentDepth = -1;
  let txDepth = -1;
  // Where the open elements below the current transaction stand in TX_TREE (null: below nothing read).
  const txNodes: Array<PathNode | null> = [];
  let text = '';
  let attrCurrency = '';
  const local = (name: string): string => {
    const colon = name.indexOf(':');
    return colon < 0 ? name : name.slice(colon + 1);
  };
  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    stack.push(name);
    text = '';
    const depth = stack.length - 1;
    if (message === null) {
      if (name === 'Document') {
        message = { number: ++count, kind: '', msgId: '', created: '', groupSettlementDate: '', transactions: [] };
        documentDepth = depth;
      }
      return;
    }
    if (depth === documentDepth + 1) message.kind ||= name;
    else if (name === 'CdtTrfTxInf' && depth === documentDepth + 2) {
      tx = emptyTransaction();
      txDepth = depth;
      txNodes.length = 0;
    } else if (tx !== null) {
      const parent = txNodes.length === 0 ? TX_TREE : txNodes[txNodes.length - 1]!;
      txNodes.push(parent === null ? null : (parent.children.get(name) ?? null));
      if (name === 'IntrBkSttlmAmt' && depth === txDepth + 1) {
        const ccy = tag.attributes['Ccy'];
        attrCurrency = typeof ccy === 'string' ? ccy : '';
      }
    }
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('closetag', () => {
    const depth = stack.length - 1;
    const name = stack[depth]!;
    const m: RawMessage | null = message;
    if (m !== null) {
      if (tx !== null && depth > txDepth) {
        const node = txNodes.pop();
        if (node?.set !== undefined) node.set(tx, text.trim());
        if (name === 'IntrBkSttlmAmt' && depth === txDepth + 1) tx.currency = attrCurrency;
      } else if (tx !== null && depth === txDepth) {
        m.transactions.push(tx);
        tx = null;
      } else if (depth === documentDepth + 3 && stack[documentDepth + 2] === 'GrpHdr') {
        if (name === 'MsgId') m.msgId = text.trim();
        else if (name === 'CreDtTm') m.created = text.trim();
        else if (name === 'IntrBkSttlmDt') m.groupSettlementDate = text.trim();
      } else if (depth === documentDepth) {
        message = null;
        onMessage(m);
      }
    }
    stack.pop();
    text = '';
  });
  try {
    streamChunks(path, (chunk) => parser.write(chunk));
    parser.close();
  } catch (error) {
    if (error instanceof StopReading) throw error;
    return { ok: false, message: locatedFault(path) ?? faultText(error) };
  }
  return { ok: true, messages: count };
}

function faultText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** The first fault of a file already known to be broken, with its line and column. */
function locatedFault(path: string): string | null {
  const { SaxesParser } = load('saxes') as typeof Saxes;
  const parser = new SaxesParser({ xmlns: false });
  try {
    streamChunks(path, (chunk) => parser.write(chunk));
    parser.close();
  } catch (error) {
    return faultText(error);
  }
  return null;
}

/** Feeds the file's text to `write` in chunks, gunzipping `.gz` files on the way. */
function streamChunks(path: string, write: (text: string) => void): void {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const { Gunzip } = load('fflate') as typeof Fflate;
  const gunzip = path.toLowerCase().endsWith('.gz') ? new Gunzip((data, final) => write(decoder.decode(data, { stream: !final }))) : null;
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      // A fresh buffer each time: the gunzip stream may keep a reference to what it was given.
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      const n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      const chunk = buffer.subarray(0, n);
      if (gunzip === null) write(decoder.decode(chunk, { stream: true }));
      else gunzip.push(chunk);
    }
    if (gunzip === null) write(decoder.decode());
    else gunzip.push(new Uint8Array(0), true);
  } finally {
    closeSync(fd);
  }
}
