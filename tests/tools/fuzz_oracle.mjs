// Checks the Rust answers written by the ignored test `write_fuzz_corpus` against V8:
// each pattern as written when node accepts it in u-mode, otherwise its to_ecma262 rewrite.
// Usage: FUZZ_OUT=/tmp/fuzz.jsonl cargo test -- --ignored write_fuzz_corpus
//        node tests/tools/fuzz_oracle.mjs /tmp/fuzz.jsonl
import { readFileSync } from "node:fs";

let patterns = 0, probes = 0, bad = 0, rewriteRejected = 0;
for (const line of readFileSync(process.argv[2], "utf8").split("\n")) {
  if (!line) continue;
  const r = JSON.parse(line);
  let re;
  try {
    re = new RegExp(r.p, "u");
  } catch {
    try {
      re = new RegExp(r.ecma, "u");
    } catch (e) {
      rewriteRejected++;
      console.log(`rewrite rejected: ${JSON.stringify(r.p)} -> ${JSON.stringify(r.ecma)}: ${e.message}`);
      continue;
    }
  }
  patterns++;
  for (const [h, rust] of r.rust) {
    probes++;
    const node = re.test(h);
    if (node !== rust) {
      bad++;
      if (bad <= 40) console.log(`DISAGREE ${JSON.stringify(r.p)} (ecma ${JSON.stringify(r.ecma)}, rust ${JSON.stringify(r.translated)}) on ${JSON.stringify(h)}: node ${node}, rust ${rust}`);
    }
  }
}
console.log(`${patterns} patterns, ${probes} probes, ${bad} disagreements, ${rewriteRejected} rewrites rejected by node`);
