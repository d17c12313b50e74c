//! Commands that run another command: `sudo aws …`, `env X=1 aws …`,
//! `timeout 5 aws …`, and how far their own options reach.
//!
//! Each wrapper's options are read as its option parser reads them (the
//! GNU `getopt_long` rules: short options cluster, a value is the rest of
//! the word or the next word, `--` ends the options, parsing stops at the
//! first operand, long options may be abbreviated), because an option
//! that takes a value hides the next word: `sudo -u aws chime` runs
//! `chime` as the user `aws`. Whatever cannot be decided statically (an
//! unknown word where an option could be, an option the wrapper does not
//! have) ends the search with no invocation: a missed command is a missed
//! check, an invented one is a false finding.

use crate::script::Word;

/// What is known of a word beyond its value.
#[derive(Debug, Clone, Default)]
pub(crate) struct Info {
    /// Certainly one argument at run time.
    pub single: bool,
    /// The known text before the first unknown part (unknown words only).
    pub prefix: String,
}

/// Where the `aws` word is, after the wrappers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stripped {
    /// Index of the `aws` word.
    pub aws: usize,
    /// Arguments are appended at run time (`xargs`).
    pub open: bool,
    /// `xargs -I R`: words containing `R` are rewritten at run time.
    pub replace: Option<String>,
}

/// A wrapper's option syntax.
struct Spec {
    /// Short options without a value.
    flags: &'static [u8],
    /// Short options with a value (the rest of the word, or the next word).
    valued: &'static [u8],
    /// Short options whose value can only be attached (`-l5`, `-i{}`).
    optional: &'static [u8],
    /// Short options with which the command is not run (`command -v`,
    /// `sudo -l`).
    no_run: &'static [u8],
    /// Long options without a value.
    long_flags: &'static [&'static str],
    /// Long options with a value (`--user=x` or `--user x`).
    long_valued: &'static [&'static str],
    /// Long options with an optional value (`--replace[=R]`).
    long_optional: &'static [&'static str],
    /// Long options with which the command is not run.
    long_no_run: &'static [&'static str],
    /// `-10` is an option (`nice`).
    numeric: bool,
    /// A lone `-` is an option (`env -`).
    dash: bool,
}

const NONE: Spec = Spec {
    flags: b"",
    valued: b"",
    optional: b"",
    no_run: b"",
    long_flags: &[],
    long_valued: &[],
    long_optional: &[],
    long_no_run: &["help", "version"],
    numeric: false,
    dash: false,
};

/// sudo 1.9 (`+Aa:BbC:c:D:Eeg:Hh::iKklnPp:R:r:SsT:t:U:u:Vv`); `-h` with
/// nothing attached is help.
const SUDO: Spec = Spec {
    flags: b"ABbEHiknPSs",
    valued: b"aCcDgpRrTtUu",
    optional: b"",
    no_run: b"eKlvVh",
    long_flags: &[
        "askpass",
        "background",
        "bell",
        "set-home",
        "login",
        "reset-timestamp",
        "non-interactive",
        "preserve-groups",
        "stdin",
        "shell",
    ],
    long_valued: &[
        "auth-type",
        "close-from",
        "login-class",
        "chdir",
        "group",
        "host",
        "prompt",
        "chroot",
        "role",
        "type",
        "command-timeout",
        "other-user",
        "user",
    ],
    long_optional: &["preserve-env"],
    long_no_run: &["edit", "help", "list", "validate", "version", "remove-timestamp"],
    numeric: false,
    dash: false,
};

/// OpenBSD doas (`+a:C:Lnsu:`): `-C` checks a configuration, `-L` clears
/// persisted logins and `-s` starts a shell: none runs the words.
const DOAS: Spec = Spec {
    flags: b"n",
    valued: b"au",
    optional: b"",
    no_run: b"CLs",
    long_flags: &[],
    long_valued: &[],
    long_optional: &[],
    long_no_run: &[],
    numeric: false,
    dash: false,
};

/// GNU coreutils env (`-S` splits a string into words, which is not
/// followed here: no invocation).
const ENV: Spec = Spec {
    flags: b"i0v",
    valued: b"uCa",
    optional: b"",
    no_run: b"S",
    long_flags: &["ignore-environment", "null", "debug", "list-signal-handling"],
    long_valued: &["unset", "chdir", "argv0"],
    long_optional: &["block-signal", "default-signal", "ignore-signal"],
    long_no_run: &["split-string", "help", "version"],
    numeric: false,
    dash: true,
};

/// The `command` builtin: `-v` and `-V` describe the command, not run it.
const COMMAND: Spec = Spec { flags: b"p", no_run: b"vV", long_no_run: &[], ..NONE };

/// The `exec` builtin.
const EXEC: Spec = Spec { flags: b"cl", valued: b"a", long_no_run: &[], ..NONE };

/// bash's `time` keyword: only `-p` (read separately, see [`strip`]).
const TIME_KEYWORD: Spec = Spec { flags: b"p", long_no_run: &[], ..NONE };

/// GNU time (`/usr/bin/time`).
const GNU_TIME: Spec = Spec {
    flags: b"apqv",
    valued: b"fo",
    no_run: b"V",
    long_flags: &["append", "portability", "quiet", "verbose"],
    long_valued: &["format", "output"],
    ..NONE
};

/// bash's `coproc` keyword: no options.
const COPROC: Spec = Spec { long_no_run: &[], ..NONE };

/// GNU nice: `-n N`, `--adjustment=N`, and the old `-N`.
const NICE: Spec = Spec { valued: b"n", long_valued: &["adjustment"], numeric: true, ..NONE };

/// GNU timeout; its duration operand is read after the options.
const TIMEOUT: Spec = Spec {
    flags: b"vfp",
    valued: b"ks",
    long_flags: &["preserve-status", "foreground", "verbose"],
    long_valued: &["kill-after", "signal"],
    ..NONE
};

/// GNU stdbuf.
const STDBUF: Spec = Spec { valued: b"ioe", long_valued: &["input", "output", "error"], ..NONE };

/// GNU findutils xargs (`+0a:E:e::i::I:l::L:n:oprs:txP:d:`).
const XARGS: Spec = Spec {
    flags: b"0oprtx",
    valued: b"aEILnPsd",
    optional: b"eil",
    no_run: b"",
    long_flags: &["null", "open-tty", "interactive", "no-run-if-empty", "verbose", "exit"],
    long_valued: &[
        "arg-file",
        "delimiter",
        "max-lines",
        "max-args",
        "max-procs",
        "max-chars",
        "process-slot-var",
    ],
    long_optional: &["eof", "replace"],
    long_no_run: &["help", "version", "show-limits"],
    numeric: false,
    dash: false,
};

/// One option as the wrapper read it.
struct Opt {
    /// `-I` or `--replace`.
    name: String,
    /// Its value, when it has one and it is known.
    value: Option<String>,
}

/// The words' values and what else is known of them.
struct Args<'a> {
    words: &'a [Word],
    infos: &'a [Info],
}

impl Args<'_> {
    fn value(&self, k: usize) -> Option<&str> {
        self.words.get(k).and_then(|w| w.value.as_deref())
    }

    /// A word that is certainly one argument (known, or quoted unknown).
    fn single(&self, k: usize) -> bool {
        match self.words.get(k) {
            Some(w) if w.value.is_some() => true,
            Some(_) => self.infos.get(k).is_some_and(|i| i.single),
            None => false,
        }
    }

    /// Whether word `k` is a `NAME=VALUE` word for `env` and `sudo`, which
    /// take any word with a `=` before the command as an assignment.
    fn assignment(&self, k: usize) -> Option<bool> {
        match self.value(k) {
            Some(v) => Some(v.contains('=')),
            None if self.single(k) && self.infos.get(k).is_some_and(|i| i.prefix.contains('=')) => Some(true),
            // An unknown word may or may not hold a `=`, or be several.
            None => None,
        }
    }
}

/// The options of a wrapper from word `k` on: the index of its first
/// operand and the options read, or `None` when the command is not run or
/// cannot be known.
fn options(spec: &Spec, args: &Args<'_>, mut k: usize) -> Option<(usize, Vec<Opt>)> {
    let mut opts = Vec::new();
    while k < args.words.len() {
        let Some(v) = args.value(k) else {
            // An unknown word is an operand if it is one word and its known
            // beginning is not an option's (`"AWS_PROFILE=$p"`); otherwise
            // it may be an option, or an option and its value, or nothing.
            let prefix = args.infos.get(k).map_or("", |i| i.prefix.as_str());
            if args.single(k) && !prefix.is_empty() && !prefix.starts_with('-') {
                return Some((k, opts));
            }
            return None;
        };
        if v == "--" {
            return Some((k + 1, opts));
        }
        if v == "-" && spec.dash {
            opts.push(Opt { name: "-".to_owned(), value: None });
            k += 1;
            continue;
        }
        if spec.numeric && v.strip_prefix('-').is_some_and(numeric) {
            opts.push(Opt { name: v.to_owned(), value: None });
            k += 1;
            continue;
        }
        if let Some(long) = v.strip_prefix("--") {
            let (name, attached) = match long.split_once('=') {
                Some((n, a)) => (n, Some(a)),
                None => (long, None),
            };
            let name = long_option(spec, name)?;
            if spec.long_no_run.contains(&name) {
                return None;
            }
            if spec.long_valued.contains(&name) {
                if let Some(a) = attached {
                    opts.push(Opt { name: format!("--{name}"), value: Some(a.to_owned()) });
                    k += 1;
                } else {
                    if !args.single(k + 1) {
                        return None;
                    }
                    let value = args.value(k + 1).map(str::to_owned);
                    opts.push(Opt { name: format!("--{name}"), value });
                    k += 2;
                }
            } else if spec.long_optional.contains(&name) {
                opts.push(Opt { name: format!("--{name}"), value: attached.map(str::to_owned) });
                k += 1;
            } else if attached.is_some() {
                // A flag given a value: the wrapper refuses to run.
                return None;
            } else {
                opts.push(Opt { name: format!("--{name}"), value: None });
                k += 1;
            }
            continue;
        }
        let Some(cluster) = v.strip_prefix('-').filter(|c| !c.is_empty()) else {
            // The first operand.
            return Some((k, opts));
        };
        let mut next = k + 1;
        for (at, ch) in cluster.char_indices() {
            let Ok(c) = u8::try_from(ch) else { return None };
            let rest = cluster.get(at + 1..).unwrap_or("");
            if spec.no_run.contains(&c) {
                return None;
            }
            if spec.valued.contains(&c) {
                if rest.is_empty() {
                    if !args.single(k + 1) {
                        return None;
                    }
                    let value = args.value(k + 1).map(str::to_owned);
                    opts.push(Opt { name: format!("-{ch}"), value });
                    next = k + 2;
                } else {
                    opts.push(Opt { name: format!("-{ch}"), value: Some(rest.to_owned()) });
                }
                break;
            }
            if spec.optional.contains(&c) {
                opts.push(Opt { name: format!("-{ch}"), value: (!rest.is_empty()).then(|| rest.to_owned()) });
                break;
            }
            if spec.flags.contains(&c) {
                opts.push(Opt { name: format!("-{ch}"), value: None });
                continue;
            }
            // An option the wrapper does not have: it refuses to run.
            return None;
        }
        k = next;
    }
    // Options and no command.
    None
}

/// `-10`, `--5`, `-+3`: nice's old adjustment syntax.
fn numeric(cluster: &str) -> bool {
    let digits = cluster.strip_prefix(['-', '+']).unwrap_or(cluster);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The long option `name` stands for: itself, or the one option it
/// abbreviates (`--us` for `--user`); `None` when unknown or ambiguous.
fn long_option(spec: &Spec, name: &str) -> Option<&'static str> {
    let all =
        spec.long_flags.iter().chain(spec.long_valued).chain(spec.long_optional).chain(spec.long_no_run);
    let mut found = None;
    for &option in all {
        if option == name {
            return Some(option);
        }
        if !name.is_empty() && option.starts_with(name) {
            if found.is_some() {
                return None;
            }
            found = Some(option);
        }
    }
    found
}

/// The last path component: `/usr/local/bin/aws` runs `aws`.
fn basename(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// Whether a command named `name` may run `aws` (it is `aws` or a
/// wrapper): the cheap test before a command's other words are read.
pub(crate) fn may_run_aws(name: &str) -> bool {
    matches!(
        basename(name),
        "aws"
            | "sudo"
            | "doas"
            | "env"
            | "command"
            | "exec"
            | "time"
            | "nohup"
            | "nice"
            | "timeout"
            | "stdbuf"
            | "xargs"
            | "coproc"
    )
}

/// Where `aws` is in a command's words (`words[0]` the command name),
/// after any wrappers.
pub(crate) fn strip(words: &[Word], infos: &[Info]) -> Option<Stripped> {
    let args = Args { words, infos };
    let mut k = 0;
    let mut open = false;
    let mut replace = None;
    // Each round moves past at least the wrapper's name.
    while k < words.len() {
        let name = args.value(k)?;
        let base = basename(name);
        let spec = match base {
            "aws" => return Some(Stripped { aws: k, open, replace }),
            "sudo" => &SUDO,
            "doas" => &DOAS,
            "env" => &ENV,
            "command" => &COMMAND,
            "exec" => &EXEC,
            // The keyword (`time` as written) knows `-p` and `--` only;
            // anything else after it is the command.
            "time" if name == "time" => &TIME_KEYWORD,
            "time" => &GNU_TIME,
            "nohup" => &NONE,
            // The keyword, before a simple command (`coproc NAME` only
            // comes before a compound one).
            "coproc" if name == "coproc" => &COPROC,
            "nice" => &NICE,
            "timeout" => &TIMEOUT,
            "stdbuf" => &STDBUF,
            "xargs" => &XARGS,
            _ => return None,
        };
        if name == "time" {
            k += 1;
            if args.value(k) == Some("-p") {
                k += 1;
            }
            if args.value(k) == Some("--") {
                k += 1;
            }
            continue;
        }
        let (next, opts) = options(spec, &args, k + 1)?;
        k = next;
        match base {
            "sudo" | "env" => {
                while k < words.len() && args.assignment(k)? {
                    k += 1;
                }
            }
            "timeout" => {
                // The duration.
                if !args.single(k) {
                    return None;
                }
                k += 1;
            }
            "xargs" => {
                let mut replaced = None;
                for opt in &opts {
                    match opt.name.as_str() {
                        "-I" => replaced = Some(opt.value.clone()?),
                        "-i" | "--replace" => {
                            replaced = Some(opt.value.clone().unwrap_or_else(|| "{}".to_owned()))
                        }
                        _ => {}
                    }
                }
                // With a replacement string xargs puts its input in the
                // words instead of after them.
                open = replaced.is_none();
                replace = replaced;
            }
            _ => {}
        }
    }
    None
}
