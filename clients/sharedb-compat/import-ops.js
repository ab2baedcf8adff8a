#!/usr/bin/env node
// Replays a ShareDB op log (JSON lines, one op per line, sorted by collection, id, version) into a
// Lockstep server through its HTTP API, so every document arrives with the same versions and its
// whole history. See docs/sharedb.md ("Moving the data") for the export commands.
//
//   node import-ops.js --url http://127.0.0.1:8080 [--collection notes] [--token JWT]
//                      [--snapshots snapshots.jsonl] ops.jsonl
//
// Each line: {"d":<id>,"v":<ShareDB op version>, "create":{type,data} | "op":[…] | "del":true,
// "c":<collection>?, "src":?, "seq":?}. Exit status 0 when every document was imported, 1 otherwise.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const TYPES = { 'http://sharejs.org/types/JSONv0': 'json0', 'http://sharejs.org/types/text-unicode': 'text-unicode' };
const SRC = /^[A-Za-z0-9._:/-]{1,64}$/;

function parseArgs(argv) {
  const options = { files: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (['--url', '--collection', '--token', '--snapshots'].includes(flag)) options[flag.slice(2)] = argv[++i];
    else options.files.push(flag);
  }
  if (!options.url || options.files.length !== 1) {
    console.error('usage: import-ops.js --url <lockstep http url> [--collection c] [--token jwt] [--snapshots file] <ops.jsonl>');
    process.exit(2);
  }
  return options;
}

async function* lines(file) {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line.trim()) yield JSON.parse(line);
  }
}

function docIdOf(record, options) {
  const collection = record.c ?? record.collection ?? options.collection;
  const id = record.d ?? record.doc_id ?? record.id;
  if (!collection || id == null) throw new Error(`a line without collection or id: ${JSON.stringify(record).slice(0, 200)}`);
  return `${collection}/${id}`;
}

function lockstepType(type) {
  return TYPES[type] ?? type;
}

class Lockstep {
  constructor(url, token) {
    this.url = url.replace(/\/$/, '');
    this.headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  }

  // A 429 (the server's HTTP op rate, --http-ops-per-second) waits for Retry-After and sends again:
  // an import is one user sending as fast as it may, and a refused request committed nothing.
  async request(method, doc, suffix = '', body) {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${this.url}/docs/${encodeURIComponent(doc)}${suffix}`, {
        method,
        headers: this.headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== 429 || attempt >= 100) return { status: response.status, body: text ? JSON.parse(text) : null };
      const seconds = Number(response.headers.get('retry-after')) || 1;
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
  }

  async version(doc) {
    const { status, body } = await this.request('GET', doc);
    return status === 200 ? body.v : 0;
  }
}

/** Replays one document's ops; returns a line of report. */
async function importDoc(lockstep, doc, ops, snapshot) {
  let imported = 0;
  if (ops.length && ops[0].v !== 0) {
    if (!snapshot) return { doc, ok: false, note: `its log starts at version ${ops[0].v}; pass --snapshots` };
    const put = await lockstep.request('PUT', doc, '', { type: lockstepType(snapshot.type), data: snapshot.data });
    // Created by an earlier run (there is no version to compare): leave it as it is.
    if (put.status === 409) return { doc, ok: true, note: 'created from its snapshot by an earlier run; skipped' };
    if (put.status !== 201) return { doc, ok: false, note: `create from snapshot: ${put.status} ${JSON.stringify(put.body)}` };
    return { doc, ok: true, note: `created from its snapshot at ShareDB version ${snapshot.v} (Lockstep version 1)` };
  }
  const current = await lockstep.version(doc);
  for (const op of ops) {
    if (op.v < current) continue;
    const identity = typeof op.src === 'string' && SRC.test(op.src) && op.seq > 0 ? { src: op.src, seq: op.seq } : {};
    let result;
    if (op.create) {
      result = await lockstep.request('PUT', doc, '', { type: lockstepType(op.create.type), data: op.create.data });
    } else if (op.del) {
      result = await lockstep.request('DELETE', doc, '', { v: op.v, ...identity });
    } else {
      result = await lockstep.request('POST', doc, '/ops', { v: op.v, op: op.op, ...identity });
    }
    if (result.status >= 300) return { doc, ok: false, note: `version ${op.v}: ${result.status} ${JSON.stringify(result.body)}` };
    if (result.body?.v !== undefined && result.body.v !== op.v + 1) {
      return { doc, ok: false, note: `version ${op.v} committed as ${result.body.v}, not ${op.v + 1}` };
    }
    imported++;
  }
  return { doc, ok: true, note: `${imported} ops` };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const lockstep = new Lockstep(options.url, options.token);
  const snapshots = new Map();
  if (options.snapshots) {
    for await (const s of lines(options.snapshots)) snapshots.set(docIdOf(s, options), s);
  }
  let doc = null;
  let ops = [];
  let failed = 0;
  const flush = async () => {
    if (!doc) return;
    const report = await importDoc(lockstep, doc, ops, snapshots.get(doc));
    if (!report.ok) failed++;
    console.log(`${report.ok ? 'ok  ' : 'FAIL'} ${report.doc}: ${report.note}`);
  };
  for await (const raw of lines(options.files[0])) {
    const record = raw.operation ? { ...raw, ...raw.operation } : raw;
    const id = docIdOf(record, options);
    if (id !== doc) {
      await flush();
      doc = id;
      ops = [];
    }
    ops.push(record);
  }
  await flush();
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
