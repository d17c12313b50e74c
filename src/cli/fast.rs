//! The command lines parsed without clap: the few plain forms a start-up is
//! mostly made of (`skeleton input update-user`, `describe update-user`,
//! `operations`), with global options before the subcommand.
//!
//! Building clap's command and matching against it was more than a third
//! of the work `skeleton input update-user` does after the loader hands
//! over (about 0.09 ms, and a dozen page faults of code, heap and stack),
//! for a command line that needs none of what clap is for: no help, no
//! error, no abbreviation, no value that could be an option. [`parse`]
//! answers only such lines, and exactly as clap does; it gives up on
//! anything else (a repeated or unknown option, `--`, `-h`, a value that
//! starts with `-` or is empty, a word that is not UTF-8, an option after
//! the subcommand's words that is not one of its plain flags), and clap
//! parses the line. A test compares the two on thousands of command lines.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::cli::args::{
    Cli, ColorChoice, Command, Deferred, Global, SkeletonArgs, SkeletonMode, Subcommands,
};

/// `args` (without the program's name) as clap would parse it, when it is
/// one of the plain forms; `None` for clap to parse.
pub(crate) fn parse(args: &[OsString]) -> Option<Cli> {
    let mut words = Vec::with_capacity(args.len());
    for arg in args {
        words.push(arg.to_str()?);
    }
    let mut global = Global {
        service: None,
        model: None,
        config: None,
        no_config: false,
        quiet: false,
        color: ColorChoice::Auto,
    };
    let mut color_given = false;
    let mut rest = words.iter().copied();
    let subcommand = loop {
        let word = rest.next()?;
        if !word.starts_with('-') {
            break word;
        }
        let (option, attached) = match word.split_once('=') {
            Some((option, value)) => (option, Some(value)),
            None => (word, None),
        };
        match option {
            "-q" | "--quiet" if attached.is_none() => set_flag(&mut global.quiet)?,
            "--no-config" if attached.is_none() => set_flag(&mut global.no_config)?,
            "--service" => set(&mut global.service, value(attached, &mut rest)?.to_owned())?,
            "--model" => set(&mut global.model, PathBuf::from(value(attached, &mut rest)?))?,
            "--config" => set(&mut global.config, PathBuf::from(value(attached, &mut rest)?))?,
            "--color" => {
                set_flag(&mut color_given)?;
                global.color = color(value(attached, &mut rest)?)?;
            }
            _ => return None,
        }
    };
    // clap's conflict between the two.
    if global.config.is_some() && global.no_config {
        return None;
    }
    let rest: Vec<&str> = rest.collect();
    let command = match (subcommand, rest.as_slice()) {
        ("services", []) => Command::Services,
        ("operations", []) => Command::Operations,
        ("describe", [operation]) => Command::Describe { operation: plain(operation)?.to_owned() },
        ("skeleton", [mode, operation, flags @ ..]) => {
            Command::Skeleton(Deferred(skeleton(mode, operation, flags)?))
        }
        _ => return None,
    };
    Some(Cli { global, command: Subcommands(command) })
}

/// `skeleton MODE OPERATION` and its plain flags, each at most once.
fn skeleton(mode: &str, operation: &str, flags: &[&str]) -> Option<SkeletonArgs> {
    let mut args = SkeletonArgs {
        mode: skeleton_mode(mode)?,
        operation: plain(operation)?.to_owned(),
        example: false,
        required_only: false,
        from: None,
        show_sensitive: false,
        args: Vec::new(),
    };
    for flag in flags {
        match *flag {
            "--example" => set_flag(&mut args.example)?,
            "--required-only" => set_flag(&mut args.required_only)?,
            "--show-sensitive" => set_flag(&mut args.show_sensitive)?,
            _ => return None,
        }
    }
    Some(args)
}

/// `--color`'s value, as clap names the variants (a test checks them).
fn color(value: &str) -> Option<ColorChoice> {
    match value {
        "auto" => Some(ColorChoice::Auto),
        "always" => Some(ColorChoice::Always),
        "never" => Some(ColorChoice::Never),
        _ => None,
    }
}

/// `skeleton`'s MODE, as clap names the variants (a test checks them).
fn skeleton_mode(value: &str) -> Option<SkeletonMode> {
    match value {
        "input" => Some(SkeletonMode::Input),
        "yaml-input" => Some(SkeletonMode::YamlInput),
        "output" => Some(SkeletonMode::Output),
        _ => None,
    }
}

/// An option's value: attached (`--service=chime`) or the next word.
fn value<'a>(attached: Option<&'a str>, rest: &mut impl Iterator<Item = &'a str>) -> Option<&'a str> {
    plain(match attached {
        Some(value) => value,
        None => rest.next()?,
    })
}

/// A value clap takes as it is: not empty (clap refuses an empty path) and
/// not starting with `-` (clap would read an option, or refuse it).
fn plain(value: &str) -> Option<&str> {
    (!value.is_empty() && !value.starts_with('-')).then_some(value)
}

/// Sets an option given once; `None` (clap's error) the second time.
fn set<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    match slot {
        Some(_) => None,
        None => {
            *slot = Some(value);
            Some(())
        }
    }
}

/// Sets a flag given once; `None` (clap's error) the second time.
fn set_flag(flag: &mut bool) -> Option<()> {
    (!std::mem::replace(flag, true)).then_some(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly
mod tests {
    use super::*;
    use crate::cli::args::tests::outcome;
    use crate::cli::args::{command_for, named_subcommand};

    /// What clap makes of `args`, as `main` gives it to clap: the parsed
    /// command line, or the error as the user would see it.
    fn by_clap(args: &[&str]) -> String {
        let os_args: Vec<OsString> = args.iter().map(Into::into).collect();
        outcome(command_for(named_subcommand(&os_args)), args)
    }

    fn fast(args: &[&str]) -> Option<String> {
        let os_args: Vec<OsString> = args.iter().map(Into::into).collect();
        parse(&os_args).map(|cli| format!("{cli:?}"))
    }

    /// Every command line the fast path answers, clap answers the same;
    /// the ones it leaves are clap's errors, help and the forms it does
    /// not read.
    #[test]
    fn answers_as_clap_does() {
        let globals: &[&[&str]] = &[
            &["--service", "chime-sdk-voice"],
            &["--service=chime"],
            &["--service", ""],
            &["--service="],
            &["--service", "-x"],
            &["--service=-x"],
            &["--service", "skeleton"],
            &["--model", "m.json"],
            &["--model="],
            &["--model=dir/m.json"],
            &["--config", "c.yaml"],
            &["--config=c.yaml"],
            &["--no-config"],
            &["--no-config=true"],
            &["-q"],
            &["--quiet"],
            &["--quiet=yes"],
            &["-qq"],
            &["--color", "never"],
            &["--color=always"],
            &["--color", "auto"],
            &["--color", "Never"],
            &["--color"],
            &["-qh"],
            &["--"],
            &["--help"],
            &["-V"],
            &["--servic", "chime"],
            &["-"],
        ];
        let tails: &[&[&str]] = &[
            &["skeleton", "input", "update-user"],
            &["skeleton", "yaml-input", "UpdateUser", "--example"],
            &["skeleton", "output", "get-user", "--required-only", "--show-sensitive", "--example"],
            &["skeleton", "input", "update-user", "--example", "--example"],
            &["skeleton", "input", "update-user", "--example=true"],
            &["skeleton", "input", "update-user", "--example", "--required-only", "--required-only"],
            &["skeleton", "input", "-"],
            &["skeleton", "input", ""],
            &["skeleton", "input", "--example"],
            &["skeleton", "Input", "update-user"],
            &["skeleton", "yaml", "update-user"],
            &["skeleton", "input"],
            &["skeleton"],
            &["skeleton", "input", "update-user", "--from", "r.json"],
            &["skeleton", "input", "update-user", "--account-id", "a1"],
            &["skeleton", "input", "update-user", "--example", "--account-id", "a1"],
            &["skeleton", "input", "update-user", "--service", "chime"],
            &["skeleton", "input", "update-user", "-q"],
            &["skeleton", "input", "update-user", "--"],
            &["skeleton", "input", "update-user", "--help"],
            &["skeleton", "input", "update-user", "extra"],
            &["skeleton", "input", "help"],
            &["skeleton", "--example", "input", "update-user"],
            &["skeleton", "help"],
            &["describe", "update-user"],
            &["describe", "UpdateUser"],
            &["describe", "-x"],
            &["describe", ""],
            &["describe"],
            &["describe", "a", "b"],
            &["describe", "help"],
            &["describe", "update-user", "--quiet"],
            &["describe", "--help"],
            &["operations"],
            &["operations", "x"],
            &["operations", "--help"],
            &["operations", "-q"],
            &["services"],
            &["services", "--color", "never"],
            &["help"],
            &["help", "skeleton"],
            &["validate", "a.json"],
            &["skeletn", "input", "update-user"],
            &["Skeleton", "input", "update-user"],
            &[],
        ];
        // No global option, one, and two of them in either order.
        let mut prefixes: Vec<Vec<&str>> = vec![Vec::new()];
        for (i, first) in globals.iter().enumerate() {
            prefixes.push(first.to_vec());
            for second in globals.iter().skip(i % 3).step_by(3) {
                prefixes.push(first.iter().chain(second.iter()).copied().collect());
            }
        }
        let (mut answered, mut compared) = (0, 0);
        for prefix in &prefixes {
            for tail in tails {
                let args: Vec<&str> = prefix.iter().chain(tail.iter()).copied().collect();
                if let Some(fast) = fast(&args) {
                    assert_eq!(fast, by_clap(&args), "{args:?}");
                    answered += 1;
                }
                compared += 1;
            }
        }
        // The test must exercise both sides: what the fast path reads, and
        // (far more) what it leaves to clap.
        assert!(compared > 13_000, "{compared}");
        assert!(answered > 500 && answered < compared / 4, "{answered} of {compared}");
    }

    /// The README's start-up forms are read without clap; help, errors and
    /// the AWS CLI's arguments are not.
    #[test]
    fn reads_the_plain_forms_only() {
        for line in [
            "skeleton input update-user",
            "--service chime-sdk-meetings skeleton output create-meeting",
            "skeleton yaml-input update-user --required-only --example",
            "--service chime-sdk-voice operations",
            "describe update-user",
            "services",
        ] {
            let args: Vec<&str> = line.split(' ').collect();
            assert_eq!(fast(&args), Some(by_clap(&args)), "{line}");
        }
        for line in [
            "skeleton input update-user --account-id a1 --license-type Pro",
            "skeleton input update-user --from r.json",
            "skeleton input update-user --help",
            "--help",
            "help skeleton",
            "validate a.json",
        ] {
            let args: Vec<&str> = line.split(' ').collect();
            assert_eq!(fast(&args), None, "{line}");
        }
    }

    /// Words for random command lines: the forms the fast path reads, and
    /// everything next to them it must leave to clap.
    const WORDS: &[&str] = &[
        "--service",
        "chime",
        "--service=chime-sdk-voice",
        "--model",
        "m.json",
        "--model=",
        "--config",
        "c.yaml",
        "--no-config",
        "-q",
        "--quiet",
        "--color",
        "never",
        "always",
        "Auto",
        "--color=never",
        "skeleton",
        "input",
        "yaml-input",
        "output",
        "update-user",
        "UpdateUser",
        "--example",
        "--required-only",
        "--show-sensitive",
        "describe",
        "operations",
        "services",
        "help",
        "-h",
        "--",
        "-",
        "",
        "--from",
        "--account-id",
        "-qh",
        "--example=1",
        "validate",
        "--version",
    ];

    fn word() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::sample::select(WORDS)
    }

    /// Global options, a subcommand and words after it: mostly lines the
    /// fast path reads, or nearly.
    fn shaped() -> impl proptest::strategy::Strategy<Value = Vec<&'static str>> {
        use proptest::prelude::*;
        let global = proptest::sample::select(vec![
            vec!["--service", "chime-sdk-meetings"],
            vec!["--service=chime"],
            vec!["-q"],
            vec!["--quiet"],
            vec!["--no-config"],
            vec!["--config", "c.yaml"],
            vec!["--model", "dir/m.json"],
            vec!["--color", "always"],
            vec!["--color=auto"],
        ]);
        let subcommand = proptest::sample::select(vec![
            vec!["skeleton", "input", "update-user"],
            vec!["skeleton", "output", "UpdateUser"],
            vec!["skeleton", "yaml-input", "update-user"],
            vec!["describe", "update-user"],
            vec!["operations"],
            vec!["services"],
        ]);
        (prop::collection::vec(global, 0..4), subcommand, prop::collection::vec(word(), 0..3)).prop_map(
            |(globals, subcommand, tail)| {
                globals.into_iter().flatten().chain(subcommand).chain(tail).collect()
            },
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 2000, ..Default::default() })]

        /// Any line the fast path reads, clap reads the same.
        #[test]
        fn random_lines_read_as_clap_reads_them(
            args in proptest::prop_oneof![shaped(), proptest::collection::vec(word(), 0..8)]
        ) {
            if let Some(fast) = fast(&args) {
                proptest::prop_assert_eq!(fast, by_clap(&args), "{:?}", args);
            }
        }
    }

    /// What the fast path takes for granted of clap's definitions: the
    /// value names of the two enums, and options and flags that only their
    /// own spelling sets (no alias, case folding, conflict or requirement
    /// that clap would apply and the fast path not; an environment variable
    /// would need clap's `env` feature, which this crate does not enable).
    /// A change to `args.rs` that breaks one fails here, not in a user's
    /// command line.
    #[test]
    fn clap_defines_what_the_fast_path_reads() {
        use clap::ValueEnum;
        for mode in SkeletonMode::value_variants() {
            let value = mode.to_possible_value().unwrap();
            assert_eq!(value.get_name_and_aliases().count(), 1, "{value:?}");
            assert_eq!(skeleton_mode(value.get_name()), Some(*mode));
        }
        for choice in ColorChoice::value_variants() {
            let value = choice.to_possible_value().unwrap();
            assert_eq!(value.get_name_and_aliases().count(), 1, "{value:?}");
            assert_eq!(color(value.get_name()), Some(*choice));
        }
        let root = command_for(Some("skeleton"));
        let skeleton = root.find_subcommand("skeleton").unwrap();
        let read = [
            "service",
            "model",
            "config",
            "no-config",
            "quiet",
            "color",
            "example",
            "required-only",
            "show-sensitive",
        ];
        for (cmd, arg) in
            root.get_arguments().map(|a| (&root, a)).chain(skeleton.get_arguments().map(|a| (skeleton, a)))
        {
            let Some(long) = arg.get_long() else { continue };
            if !read.contains(&long) {
                continue;
            }
            assert!(arg.get_all_aliases().is_none() && arg.get_all_short_aliases().is_none(), "--{long}");
            assert!(!arg.is_ignore_case_set() && !arg.is_allow_hyphen_values_set(), "--{long}");
            assert!(!arg.is_required_set(), "--{long}");
            // `--config` conflicts with `--no-config` (declared on `--config` only).
            let expected = usize::from(long == "config");
            assert_eq!(cmd.get_arg_conflicts_with(arg).len(), expected, "--{long}");
            assert!(matches!(arg.get_action(), clap::ArgAction::Set | clap::ArgAction::SetTrue), "--{long}");
            assert_eq!(arg.get_short(), (long == "quiet").then_some('q'), "--{long}");
        }
        for name in ["skeleton", "describe", "operations", "services"] {
            let all = command_for(None);
            let sub = all.find_subcommand(name).unwrap();
            assert_eq!(sub.get_all_aliases().count(), 0, "{name}");
        }
    }

    /// A word that is not UTF-8 is clap's to report.
    #[test]
    fn leaves_words_that_are_not_utf8() {
        use std::os::unix::ffi::OsStringExt;
        let args = [OsString::from("describe"), OsString::from_vec(vec![0xff, b'x'])];
        assert!(parse(&args).is_none());
    }
}
