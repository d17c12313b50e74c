//! Semantic probes: ECMA-262 meaning of `\w`, `\d`, `\s`, `.`, `$`, `\b`, unanchored search,
//! and the Java / Annex-B readings of the extended dialect.

use crate::pattern::{Dialect, EngineKind, ErrorKind, Pattern, to_ecma262};

fn m(pattern: &str, haystack: &str) -> bool {
    Pattern::compile(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}")).is_match(haystack).unwrap()
}

fn rejected(pattern: &str) -> ErrorKind {
    match Pattern::compile(pattern) {
        Ok(p) => panic!("{pattern} compiled to {}", p.translated()),
        Err(e) => e.kind(),
    }
}

#[test]
fn ecma_class_escapes() {
    assert!(!m(r"^\w+$", "café"));
    assert!(m(r"^\w+$", "cafe_1"));
    assert!(!m(r"^\d+$", "٣"));
    assert!(m(r"^\d+$", "0123456789"));
    assert!(m(r"^\s$", "\u{a0}"), "NBSP is ECMA-262 white space");
    for ws in [
        "\t", "\n", "\u{b}", "\u{c}", "\r", " ", "\u{1680}", "\u{2000}", "\u{200a}", "\u{2028}", "\u{2029}",
        "\u{202f}", "\u{205f}", "\u{3000}", "\u{feff}",
    ] {
        assert!(m(r"^\s$", ws), "{ws:?}");
        assert!(!m(r"^\S$", ws), "{ws:?}");
    }
    for not_ws in ["\u{85}", "\u{180e}", "\u{200b}", "a"] {
        assert!(!m(r"^\s$", not_ws), "{not_ws:?}");
    }
    assert!(m(r"^[\W]$", "é"));
    assert!(m(r"^[^\d]$", "٣"));
}

#[test]
fn search_is_unanchored() {
    assert!(m(r"[A-Z]{2}", "xxUSxx"));
    assert!(!m(r"[A-Z]{2}", "xxUxSx"));
    assert!(m(r"a|^b", "xa"));
    assert!(!m(r"^b", "ab"));
}

#[test]
fn dot_and_anchors() {
    assert!(!m(r"^.$", "\n"));
    assert!(!m(r"^.$", "\r"));
    assert!(!m(r"^.$", "\u{2028}"));
    assert!(!m(r"^.$", "\u{2029}"));
    assert!(m(r"^.$", "\u{85}"));
    assert!(m(r"^.$", "\u{1F600}"), "one code point, not two UTF-16 units");
    assert!(!m(r"^a$", "a\n"), "ECMA-262 `$` is the end of input only");
    assert!(!m(r"^a$", "\na"));
    assert!(m(r"(?s)^.$", "\n"), "Java (?s)");
}

#[test]
fn class_ranges() {
    let p = r"^[a-zA-Z+-=._:/]+$";
    for inside in ["+", ",", "-", ".", "/", "0", "9", ":", ";", "<", "="] {
        assert!(m(p, inside), "{inside}");
    }
    for outside in [">", "*", "@", " "] {
        assert!(!m(p, outside), "{outside}");
    }
    assert!(m(r"^[\w-.]+$", "a-b.c"), "[\\w-.]: literal hyphen");
    assert!(!m(r"^[\w-.]+$", "a,b"));
    assert!(m(r"^[a-zA-Z0-9,-._]+$", "-"));
    assert!(!m(r"^[a-zA-Z0-9,-._]+$", "/"));
}

#[test]
fn word_boundary_is_ascii() {
    assert!(m(r"a\b", "aé"), "é is not a word character in ECMA-262");
    assert!(!m(r"a\B", "aé"));
    assert!(m(r"\bTSTALIASID\b", "x TSTALIASID"));
    assert!(!m(r"\bTSTALIASID\b", "xTSTALIASID"));
    // The same through the backtracking engine.
    assert!(m(r"(?=a)a\b", "aé"));
    assert!(!m(r"(?=a)a\B", "aé"));
    assert!(m(r"(?=a)a\B", "ab"));
}

#[test]
fn properties() {
    assert!(m(r"^\p{L}+$", "Ωmega"));
    assert!(!m(r"^\p{L}+$", "a1"));
    assert!(m(r"^\P{C}+$", "tab-free"));
    assert!(!m(r"^\P{C}+$", "a\tb"));
    // ECMA-262 aliases keep their Unicode meaning...
    assert!(m(r"^\p{Alpha}+$", "é"));
    assert!(m(r"^\p{Upper}$", "É"));
    // ...while Java-only POSIX names are US-ASCII.
    assert!(!m(r"^\p{Alnum}+$", "é"));
    assert!(m(r"^\p{Alnum}+$", "a1"));
    assert!(m(r"^\p{XDigit}+$", "0aF"));
    assert!(!m(r"^\p{XDigit}+$", "g"));
    assert!(m(r"^\p{Punct}+$", "!-/"));
    assert!(!m(r"^\p{Punct}+$", "¡"));
    assert!(m(r"^[\p{Print}]+$", "a b~"));
    assert!(!m(r"^[\p{Print}]+$", "é"));
    assert!(m(r"^\p{IsAlphabetic}+$", "é"));
    assert!(m(r"^(\p{LD}|\p{Punct}| )+$", "a1 ٣!"));
    assert!(m(r"^[\p{all}]*$", "\n\u{1F600}"));
    assert_eq!(rejected(r"\p{NoSuchProperty}"), ErrorKind::Unsupported);
    assert_eq!(rejected(r"\p{InGreek}"), ErrorKind::Unsupported);
}

#[test]
fn java_forms() {
    // \A ... \z
    assert!(m(r"\A\S[\p{Print}]*\z", "ab"));
    assert!(!m(r"\A\S[\p{Print}]*\z", " ab"));
    assert!(!m(r"\A\S[\p{Print}]*\z", "aé"));
    // (?i) is US-ASCII case-insensitive.
    assert!(m(r"^(?i)(true|false)$", "TRUE"));
    assert!(m(r"^(?i)(true|false)$", "fAlSe"));
    assert!(!m(r"^(?i)(true|false)$", "yes"));
    assert!(!m(r"(?i)k", "\u{212a}"), "Kelvin sign: Java folds only US-ASCII");
    assert!(m(r"(?i)all|[0-9]{12}", "ALL"));
    let budget = r"^(?![^:\\]*/action/|(?i).*<script>.*</script>.*)[^:\\]+$";
    assert!(m(budget, "Monthly budget"));
    assert!(!m(budget, "x<SCRIPT>y</Script>"));
    assert!(!m(budget, "a/action/b"));
    assert!(m(budget, "a/ACTION/b"), "(?i) applies only after it");
    // Possessive quantifiers.
    assert!(m(r"^[0-9A-Z]{2}+$", "AB"));
    let prefix = r"^[\/]?+[a-zA-Z0-9!_.*'()-]+(\/[a-zA-Z0-9!_.*'()-]+)*$";
    assert_eq!(Pattern::compile(prefix).unwrap().engine(), EngineKind::Regex);
    assert!(m(prefix, "/abc/def"));
    assert!(!m(prefix, "//abc"));
    assert!(!m(r"^a*+a$", "aaa"), "a real possessive quantifier never gives back");
    assert_eq!(Pattern::compile(r"^a*+a$").unwrap().engine(), EngineKind::Backtracking);
    // Stacked quantifier.
    let rbin = r"^arn:\S+:rbin:[a-z\-0-9]{0,63}:[0-9]{12}:rule/[0-9a-zA-Z]{11}{0,1011}$";
    assert!(m(rbin, "arn:aws:rbin:us-east-1:123456789012:rule/abcdefghijk"));
    assert!(!m(rbin, "arn:aws:rbin:us-east-1:123456789012:rule/abcdefghij"));
    // Class intersection.
    let plans = r"^[\p{Print}&&[^\|:/]]+$";
    assert!(m(plans, "plan 1"));
    assert!(!m(plans, "a|b"));
    assert!(!m(plans, "a/b"));
    assert!(!m(plans, "é"));
    // Octal escapes.
    assert!(m(r"^[^/:|\000-\037]+$", "abc"));
    assert!(!m(r"^[^/:|\000-\037]+$", "a\u{1f}c"));
    assert_eq!(rejected(r"\0377"), ErrorKind::Unsupported, "Java: one char 0o377, Annex B: 0o37 then 7");
    // Surrogate pairs join; lone surrogates match nothing in a Rust string.
    assert!(m(r"^[\uD800\uDC00-\uDBFF\uDFFF]$", "\u{1F600}"));
    assert!(m(r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDBFF-\uDC00\uDFFF\t]*$", "a\tb"));
    assert!(!m(r"\uD800", "\u{1F600}"));
    assert!(m(r"^\x{1F600}$", "\u{1F600}"), "Java \\x{{...}}");
    // Quantified look-ahead (Annex B): efs:Path.
    let efs = r"^(\/|(\/(?!\.)+[^$#<>;`|&?{}^*/\n]+){1,4})$";
    assert!(m(efs, "/a/b"));
    assert!(m(efs, "/"));
    assert!(!m(efs, "/.a"));
    // Unescaped `]` and `}` outside a class (Annex B and Java both read them literally).
    assert!(m(r"a]\:", "a]:"));
    assert!(m(r"^a}\:$", "a}:"));
}

#[test]
fn back_references_follow_ecma262() {
    // A reference to a group that did not participate matches the empty string.
    assert!(m(r"^(a)?\1b$", "b"));
    assert!(m(r"^(a)?\1b$", "aab"));
    assert!(!m(r"^(a)?\1b$", "ab"));
    assert!(m(r"^\1(a)$", "a"), "forward reference");
    assert!(m(r"^(?<x>[ab])\k<x>$", "bb"));
    assert!(!m(r"^(?<x>[ab])\k<x>$", "ab"));
    assert_eq!(rejected(r"(a)\2"), ErrorKind::Unsupported, "Annex B would read an octal escape");
    assert_eq!(rejected(r"(?:(a)|b\1)+"), ErrorKind::Unsupported);
    assert_eq!(rejected(r"(?<=\1(a))b"), ErrorKind::Unsupported);
}

#[test]
fn not_checkable() {
    assert_eq!(rejected(r"^[-_a-zA-Z0-9]*${2,64}$"), ErrorKind::Syntax);
    assert_eq!(rejected(r"\b+"), ErrorKind::Syntax);
    assert_eq!(rejected(r"(?<=a)*"), ErrorKind::Syntax);
    assert_eq!(rejected(r"a**"), ErrorKind::Syntax);
    assert_eq!(rejected(r"a{,5}"), ErrorKind::Syntax);
    assert_eq!(rejected(r"(a"), ErrorKind::Syntax);
    assert_eq!(rejected(r"a)"), ErrorKind::Syntax);
    assert_eq!(rejected(r"[a"), ErrorKind::Syntax);
    assert_eq!(rejected(r"[z-a]"), ErrorKind::Syntax);
    assert_eq!(rejected(r"a{3,2}"), ErrorKind::Syntax);
    assert_eq!(rejected("\\"), ErrorKind::Syntax);
    assert_eq!(rejected(r"\Z"), ErrorKind::Unsupported);
    assert_eq!(rejected(r"(?m)^a$"), ErrorKind::Unsupported);
    assert_eq!(rejected(r"(?x)a b"), ErrorKind::Unsupported);
    assert_eq!(rejected(r"[]a]\:"), ErrorKind::Unsupported);
    assert_eq!(rejected(r"(?i)\p{Lu}"), ErrorKind::Unsupported);
    assert_eq!(rejected(r"a{1000001}"), ErrorKind::TooLarge);
    assert_eq!(rejected(&"(".repeat(100)), ErrorKind::TooLarge);
    assert_eq!(rejected(&"a".repeat(40_000)), ErrorKind::TooLarge);
}

#[test]
fn strict_ecma_forms_stay_ecma() {
    // Valid u-mode text keeps its ECMA-262 meaning and is returned unchanged by to_ecma262.
    for p in [r"[]", r"[^]", r"a&&b", r"[a&&b]", r"\cJ", r"\u{1F600}", r"(?<n>a)\k<n>", r"\v", r"[\b]"] {
        let compiled = Pattern::compile(p).unwrap_or_else(|e| panic!("{p}: {e}"));
        assert_eq!(compiled.dialect(), Dialect::Ecma262, "{p}");
        assert_eq!(to_ecma262(p).as_deref(), Some(p));
    }
    assert!(!m(r"[]", "a"));
    assert!(m(r"^[^]$", "\n"));
    assert!(m(r"^[a&&b]+$", "&ab"), "`&&` is literal in ECMA-262 u-mode");
    assert!(m(r"^\cJ$", "\n"));
    assert!(m(r"^\v$", "\u{b}"), "ECMA-262 \\v is VT (Java's would be a class)");
    assert!(m(r"^[\b]$", "\u{8}"));
}

#[test]
fn to_ecma262_rewrites_the_extended_dialect() {
    let cases = [
        (r"^arn[\/\:\-\_\.a-zA-Z0-9]+$", r"^arn[/:\-_.a-zA-Z0-9]+$"),
        (r"[\w-.]", r"[\w\-.]"),
        (r"\p{XDigit}{8}", r"[0-9A-Fa-f]{8}"),
        (r"\A\S[\p{Print}]*\z", r"^\S[ -~]*$"),
        (r"^(?i)(true|false)$", r"^([tT][rR][uU][eE]|[fF][aA][lL][sS][eE])$"),
        (r"(?s).{0,20}", r"[\s\S]{0,20}"),
        (r"[0-9A-Z]{2}+", r"[0-9A-Z]{2}"),
        (r"^a*+a$", r"^(?:(?=(a*))\1)a$"),
        (r"^[\p{Print}&&[^\|:/]]+$", r"^[ -.0-9;-{}-~]+$"),
        (r"[^/:|\000-\037]+", r"[^/:|\u{0}-\u{1F}]+"),
        (r"(?!\.)+a", r"(?!\.)a"),
        (r"a]}\:", r"a\]\}:"),
    ];
    for (source, expected) in cases {
        assert_eq!(to_ecma262(source).as_deref(), Some(expected), "{source}");
    }
    assert_eq!(to_ecma262(r"^[-_a-zA-Z0-9]*${2,64}$"), None);
}

#[test]
fn patterns_are_send_sync_and_cacheable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Pattern>();
    assert_send_sync::<crate::pattern::PatternCache>();
    assert_send_sync::<crate::pattern::LazyPattern>();
    let cache = crate::pattern::PatternCache::new();
    let a = cache.get("[A-Z]{2}").unwrap();
    let b = cache.get("[A-Z]{2}").unwrap();
    assert!(std::sync::Arc::ptr_eq(&a, &b));
    assert!(cache.get(r"^[-_a-zA-Z0-9]*${2,64}$").is_err());
    assert_eq!(cache.len(), 2);
    let lazy = crate::pattern::LazyPattern::new(r"^\d+$");
    assert_eq!(lazy.get().unwrap().is_match("12"), Ok(true));
    assert_eq!(lazy.source(), r"^\d+$");
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| assert_eq!(cache.get("x+").unwrap().is_match("axx"), Ok(true)));
        }
    });
}

#[test]
fn compile_time_is_bounded() {
    let adversarial = [
        r"^(?:\p{L}\p{N}){2000}$",
        r"(?:\p{L}{1000}){1000}",
        r"x(?:[\P{C}\r\n\t]{1,250}y){50}",
        r"^(?:.{1,100000})$",
        r"^.{1,100000}$",
        r"(?=\p{L}{5000}x)",
        r"^((https://([^/]+)\.s3((-|\.)[^/]+)?\.amazonaws\.com(.cn)?)|(s3://([^/]+)))/\S{1,2000}$",
        r"a{1}{1}{1}{1}",
    ];
    for p in adversarial {
        let start = crate::test_clock::Clock::start();
        let result = Pattern::compile(p);
        let elapsed = start.elapsed();
        eprintln!(
            "{elapsed:?} {p} -> {:?}",
            result.as_ref().map(Pattern::engine).map_err(crate::pattern::PatternError::kind)
        );
        // About 40 ms on a quiet machine; the bound leaves room for a busy one.
        // (Unoptimised engine code is 10-20x slower.)
        let budget = std::time::Duration::from_millis(if cfg!(debug_assertions) { 2500 } else { 250 });
        assert!(elapsed < budget, "{p} took {elapsed:?}");
        if let Err(e) = result {
            assert_eq!(e.kind(), ErrorKind::TooLarge, "{p}: {e}");
        }
    }
}
