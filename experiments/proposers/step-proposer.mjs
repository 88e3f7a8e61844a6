#!/usr/bin/env node
// A tiny external proposer for `paysim optimize --proposer` (protocol 1, docs/optimize.md):
// a coordinate pattern search around the incumbent. It reads the request on stdin and answers
// one JSON object on stdout. It keeps no state of its own: the history paysim sends is enough.
//
// For each parameter in turn it tries the incumbent's value plus and minus a step — a quarter
// of the range first — skipping parameter sets already tried; when every neighbour at one step
// has been tried, it halves the step; after six halvings it says it is done. Choices try each
// other value. No dependencies: node alone runs it.

const MAX_HALVINGS = 6;

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
if (request.protocol !== 1) {
  process.stderr.write(`step-proposer: protocol ${request.protocol} is not 1\n`);
  process.exit(1);
}

// Parameter sets named alike whatever the key order and float noise.
const round = (v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v);
const keyOf = (params) => JSON.stringify(Object.keys(params).sort().map((k) => [k, round(params[k])]));

const ran = request.trials.filter((t) => t.status !== 'invalid' && t.status !== 'failed');
const tried = new Set(ran.map((t) => keyOf(t.parameters)));
const incumbent = request.incumbent ? request.trials[request.incumbent.trial] : null;
const from = incumbent ? incumbent.parameters : request.baseline.parameters;
const last = request.trials[request.trials.length - 1];

/** The values to try for one parameter at this step size, each with the move in words. */
function neighbours(p, halvings) {
  const value = from[p.name];
  if (p.type === 'choice') {
    const others = halvings === 0 ? p.values.filter((v) => JSON.stringify(v) !== JSON.stringify(value)) : [];
    return others.map((v) => ({ value: v, move: `${JSON.stringify(value)} → ${JSON.stringify(v)}` }));
  }
  const [low, high] = p.bounds;
  const step = (high - low) / 4 / 2 ** halvings;
  if (p.type === 'integer' && step < 1) return [];
  const out = [];
  for (const direction of [1, -1]) {
    let v = Math.min(high, Math.max(low, value + direction * step));
    if (p.type === 'integer') v = Math.round(v);
    if (v !== value) out.push({ value: v, move: `${direction > 0 ? '+' : '-'}${step}` });
  }
  return out;
}

function answer() {
  const what = incumbent ? `the incumbent, trial ${incumbent.trial} (mean ${incumbent.mean})` : 'the start (no feasible incumbent yet)';
  const lastSaid = last ? ` Last trial ${last.trial} was ${last.status}: ${last.reason}.` : '';
  for (let halvings = 0; halvings <= MAX_HALVINGS; halvings++) {
    for (const p of request.space) {
      for (const n of neighbours(p, halvings)) {
        const parameters = { ...from, [p.name]: n.value };
        if (tried.has(keyOf(parameters))) continue;
        return {
          protocol: 1,
          parameters,
          rationale: `Step ${n.move} on ${p.name} from ${what}, at 1/${4 * 2 ** halvings} of its range: the nearest untried neighbour.${lastSaid}`,
        };
      }
    }
  }
  return { protocol: 1, done: true, rationale: `every neighbour of the incumbent down to 1/${4 * 2 ** MAX_HALVINGS} of each range has been tried` };
}

process.stdout.write(`${JSON.stringify(answer())}\n`);
