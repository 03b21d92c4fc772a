// Peer benchmark for `agentrec bench llm`: prompt processing and single-stream greedy generation
// through node-llama-cpp 3.22.1 (llama.cpp v0.5.0, the same native build AgentRec loads).
// Usage: node bench.mjs MODEL THREADS PROMPT_TOKENS GEN_TOKENS REPETITIONS
// Prints one JSON line: {"pp_tok_s":..., "tg_tok_s":..., "tg_token_median_tok_s":...}
// (the last is 1 / median time between generated tokens: steady-state speed, insensitive to stalls).
import { getLlama, LlamaLogLevel } from "node-llama-cpp";

const [modelPath, threadsArg, promptArg, genArg, repsArg] = process.argv.slice(2);
const threads = Number(threadsArg);
const promptTokens = Number(promptArg);
const genTokens = Number(genArg);
const repetitions = Number(repsArg ?? 3);

const llama = await getLlama({ gpu: false, build: "never", maxThreads: threads, logLevel: LlamaLogLevel.error });
const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
const context = await model.createContext({
  contextSize: promptTokens + genTokens + 16,
  batchSize: 512,
  sequences: 1,
  threads: { ideal: threads, min: threads },
});
const sequence = context.getSequence();

// Same token recipe as the C# side (LlmThroughputBenchmark.PromptTokens): BOS, then a fixed
// linear-congruential walk over ids 300..999, ordinary tokens in every vocabulary we use.
const bos = model.tokens.bos ?? 1;
function promptIds(count) {
  const ids = [bos];
  let state = 12345;
  const low = 300, high = 1000;
  while (ids.length < count) {
    state = (state * 1103515245 + 12345) % 2147483648;
    ids.push(low + (state % (high - low)));
  }
  return ids;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const pp = [];
const tg = [];
const gaps = [];
for (let r = 0; r < repetitions + 1; r++) {
  await sequence.clearHistory();
  const ids = promptIds(promptTokens);
  let start = process.hrtime.bigint();
  await sequence.evaluateWithoutGeneratingNewTokens(ids);
  let seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r > 0) pp.push(promptTokens / seconds);

  await sequence.clearHistory();
  let produced = 0;
  start = process.hrtime.bigint();
  let last = start;
  for await (const token of sequence.evaluate([bos], { temperature: 0 })) {
    const now = process.hrtime.bigint();
    if (r > 0) gaps.push(Number(now - last) / 1e9);
    last = now;
    produced++;
    if (produced >= genTokens) break;
  }
  seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r > 0) tg.push(produced / seconds);
}

console.log(JSON.stringify({ pp_tok_s: median(pp), tg_tok_s: median(tg), tg_token_median_tok_s: 1 / median(gaps) }));
await context.dispose();
await model.dispose();
await llama.dispose();
