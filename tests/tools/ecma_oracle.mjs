// ECMA-262 oracle for the `pattern` module's differential test.
//
// For every pattern in tests/data/all-patterns.txt.gz this script picks the text node reads:
// the pattern itself when `new RegExp(p, "u")` accepts it, otherwise the module's own
// `to_ecma262` rewrite (tests/data/ecma262-translations.txt.gz, written by the ignored Rust test
// `write_ecma262_translations`). It then generates probe strings (samples built from the
// pattern's own syntax tree, mutations of them, the pattern's literal characters, ASCII and
// Unicode digits/letters/white space, the empty string), evaluates them with V8's RegExp in
// u-mode (unanchored `test`), and writes tests/data/ecma262-oracle.jsonl.gz, one JSON record per
// pattern:
//   {"shape", "pattern", "u": raw accepted in u-mode, "oracle": "raw"|"translation"|null,
//    "translation", "translation_ok": translation accepted in u-mode, "probes": [[s, bool], …]}
//
// Usage (from the crate root, node >= 20):
//   cargo test -- --ignored write_ecma262_translations
//   (cd tests/tools && npm ci) && node tests/tools/ecma_oracle.mjs
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { parse } = require("regjsparser");

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, "..", "data");
const lines = (file) =>
  gunzipSync(readFileSync(join(data, file)))
    .toString("utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split("\t"));

const patterns = lines("all-patterns.txt.gz");
const translations = new Map(lines("ecma262-translations.txt.gz"));

// Deterministic PRNG (mulberry32) seeded from the pattern text.
function rng(seedText) {
  let h = 2166136261;
  for (const ch of seedText) h = Math.imul(h ^ ch.codePointAt(0), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters that exercise the semantic differences between engines.
const SPICE = [
  "a", "z", "A", "Z", "0", "9", "_", "-", ".", "/", ":", "@", " ", "\t", "\n", "\r",
  "\u000b", "\u000c", "\u0085", "\u00a0", "\u1680", "\u2003", "\u2028", "\u2029", "\u202f",
  "\u3000", "\ufeff", "\u180e", "é", "ß", "Ж", "Ω", "ǅ", "٣", "४", "\u212a", "\u017f",
  "😀", "𝔸", "\u0301", "\u0000", "\u001f", "\u007f", "$", "^", "|", "\\", "[", "]", "{", "}",
  "(", ")", "*", "+", "?", "=", ",", ";", "<", ">", "'", '"', "#", "%", "&", "~", "`", "!",
];
const FIXED = ["", "a", "A", "0", "٣", "é", " ", "\u00a0", "\n", "_", "-", "café", "abc123", "😀", "\u2028", "x y"];

function poolFor(source) {
  const pool = new Set(SPICE);
  for (const ch of source) pool.add(ch);
  for (let c = 0x20; c < 0x7f; c++) pool.add(String.fromCodePoint(c));
  return [...pool];
}

function makeSampler(source, rand) {
  const ast = parse(source, "u", { unicodePropertyEscape: true, namedGroups: true, lookbehind: true });
  const pool = poolFor(source);
  const memberCache = new Map();
  const members = (raw) => {
    if (!memberCache.has(raw)) {
      let re;
      try {
        re = new RegExp(`^(?:${raw})$`, "u");
      } catch {
        re = null;
      }
      memberCache.set(raw, re ? pool.filter((c) => re.test(c)) : []);
    }
    return memberCache.get(raw);
  };
  const pick = (list) => list[Math.floor(rand() * list.length)];
  // Capture groups in pre-order, for back-references.
  const groups = [];
  (function number(node) {
    if (!node || typeof node !== "object") return;
    if (node.type === "group" && node.behavior === "normal") groups.push(node);
    for (const child of Array.isArray(node.body) ? node.body : node.body ? [node.body] : []) number(child);
  })(ast);
  function gen(node, captured) {
    switch (node.type) {
      case "alternative":
        return node.body.map((n) => gen(n, captured)).join("");
      case "disjunction":
        return gen(pick(node.body), captured);
      case "group": {
        if (node.behavior !== "normal" && node.behavior !== "ignore") return "";
        const text = node.body.map((n) => gen(n, captured)).join("");
        if (node.behavior === "normal") captured.set(node, text);
        return text;
      }
      case "quantifier": {
        const span = Math.min(node.max === undefined ? 3 : node.max - node.min, 3);
        const count = Math.min(node.min, 400) + Math.floor(rand() * (span + 1));
        let out = "";
        for (let i = 0; i < count; i++) out += node.body.map((n) => gen(n, captured)).join("");
        return out;
      }
      case "value":
        return String.fromCodePoint(node.codePoint);
      case "characterClass": {
        // Prefer a range end point or a named member; fall back to the probe pool.
        if (node.kind === "union" && !node.negative && node.body.length && rand() < 0.5) {
          const item = pick(node.body);
          if (item.type === "value") return String.fromCodePoint(item.codePoint);
          if (item.type === "characterClassRange") {
            const lo = item.min.codePoint, hi = item.max.codePoint;
            const cp = rand() < 0.5 ? (rand() < 0.5 ? lo : hi) : lo + Math.floor(rand() * (hi - lo + 1));
            if (cp < 0xd800 || cp > 0xdfff) return String.fromCodePoint(cp);
          }
        }
        const m = members(node.raw);
        return m.length ? pick(m) : "";
      }
      case "dot":
      case "characterClassEscape":
      case "unicodePropertyEscape": {
        const m = members(node.raw);
        return m.length ? pick(m) : "";
      }
      case "reference": {
        const target = node.name ? groups.find((g) => g.name && g.name.value === node.name.value) : groups[node.matchIndex - 1];
        return (target && captured.get(target)) || "";
      }
      default:
        return ""; // anchors, empty
    }
  }
  return () => gen(ast, new Map());
}

function probesFor(source, oracle, rand) {
  const out = new Set(FIXED);
  let sample = () => "";
  try {
    sample = makeSampler(oracle, rand);
  } catch {
    // regjsparser lags V8 on a few forms; keep the other probes.
  }
  const samples = [];
  for (let i = 0; i < 6; i++) {
    const s = sample();
    if (s.length <= 3000) samples.push(s);
  }
  const chars = (s) => [...s];
  for (const s of samples) {
    out.add(s);
    const cs = chars(s);
    if (!cs.length) continue;
    const at = Math.floor(rand() * cs.length);
    out.add(cs.filter((_, i) => i !== at).join(""));
    out.add([...cs.slice(0, at + 1), cs[at], ...cs.slice(at + 1)].join(""));
    for (let k = 0; k < 2; k++) {
      const j = Math.floor(rand() * cs.length);
      const copy = cs.slice();
      copy[j] = SPICE[Math.floor(rand() * SPICE.length)];
      out.add(copy.join(""));
    }
    out.add("x" + s);
    out.add(s + "\n");
    out.add(" " + s);
    out.add(s + " ");
  }
  const literal = [...new Set(chars(source))].filter((c) => !"\\^$.*+?()[]{}|".includes(c));
  out.add(literal.join(""));
  for (const c of literal.slice(0, 6)) out.add(c);
  // Lone surrogates cannot occur in a Rust string (or in valid JSON text); drop them.
  return [...out].filter((s) => !/\p{Cs}/u.test(s)).slice(0, 48);
}

const records = [];
let viaRaw = 0, viaTranslation = 0, none = 0, badTranslations = 0;
for (const [shape, pattern] of patterns) {
  let u = true;
  try {
    new RegExp(pattern, "u");
  } catch {
    u = false;
  }
  const translation = translations.get(pattern) ?? null;
  let translationOk = null;
  if (translation !== null) {
    try {
      new RegExp(translation, "u");
      translationOk = true;
    } catch (e) {
      translationOk = false;
      badTranslations++;
      console.error(`translation rejected by node: ${pattern} -> ${translation}: ${e.message}`);
    }
  }
  const oracle = u ? pattern : translationOk ? translation : null;
  const record = { shape, pattern, u, oracle: u ? "raw" : translationOk ? "translation" : null, translation, translation_ok: translationOk, probes: [] };
  if (oracle !== null) {
    const re = new RegExp(oracle, "u");
    for (const s of probesFor(pattern, oracle, rng(pattern))) record.probes.push([s, re.test(s)]);
    if (u) viaRaw++;
    else viaTranslation++;
  } else {
    none++;
  }
  records.push(JSON.stringify(record));
}
writeFileSync(join(data, "ecma262-oracle.jsonl.gz"), gzipSync(records.join("\n") + "\n", { level: 9 }));
const probes = records.reduce((n, r) => n + JSON.parse(r).probes.length, 0);
console.error(
  `${patterns.length} patterns: ${viaRaw} evaluated as written (u-mode), ${viaTranslation} through to_ecma262, ` +
    `${none} not evaluated; ${probes} probes; ${badTranslations} translations rejected by node`,
);
if (badTranslations) process.exitCode = 1;
