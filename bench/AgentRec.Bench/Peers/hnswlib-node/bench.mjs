// Peer benchmark for `agentrec bench vectors --peer`: hnswlib (C++, via hnswlib-node 3.0.0) on the very
// vectors, queries and exact answers AgentRec used, with the same m / ef_construction / ef_search.
// Usage: node bench.mjs DIR   (DIR holds meta.json, base.f32, queries.f32, truth.i32)
// Prints one JSON line: {"build_s":..., "points":[{"ef":..,"recall_at_10":..,"qps":..}, ...]}
import { readFileSync } from "node:fs";
import { join } from "node:path";
import hnswlib from "hnswlib-node";

const dir = process.argv[2];
const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8"));
const floats = (name) => { const b = readFileSync(join(dir, name)); return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4); };
const base = floats("base.f32");
const queries = floats("queries.f32");
const truthBytes = readFileSync(join(dir, "truth.i32"));
const truth = new Int32Array(truthBytes.buffer, truthBytes.byteOffset, truthBytes.byteLength / 4);
const { count, dim, queryCount, m, efConstruction, efs, space, seed } = meta;

const index = new hnswlib.HierarchicalNSW(space, dim);
index.initIndex(count, m, efConstruction, seed);
let start = process.hrtime.bigint();
const row = new Array(dim);
for (let i = 0; i < count; i++) {
  for (let j = 0; j < dim; j++) row[j] = base[i * dim + j];
  index.addPoint(row, i);
}
const buildSeconds = Number(process.hrtime.bigint() - start) / 1e9;

const queryRows = [];
for (let q = 0; q < queryCount; q++) queryRows.push(Array.from(queries.subarray(q * dim, (q + 1) * dim)));

const points = [];
for (const ef of efs) {
  index.setEf(ef);
  // Warm-up pass, then the timed pass.
  for (let q = 0; q < Math.min(100, queryCount); q++) index.searchKnn(queryRows[q], 10);
  let hits = 0;
  start = process.hrtime.bigint();
  const answers = queryRows.map((row) => index.searchKnn(row, 10).neighbors);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  for (let q = 0; q < queryCount; q++) {
    const expected = new Set(truth.subarray(q * 10, (q + 1) * 10));
    hits += answers[q].filter((id) => expected.has(id)).length;
  }
  points.push({ ef, recall_at_10: hits / (queryCount * 10), qps: queryCount / seconds });
}
console.log(JSON.stringify({ build_s: buildSeconds, points }));
