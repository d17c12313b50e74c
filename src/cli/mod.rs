//! The command-line layer: parse arguments, call the library, print, and
//! map outcomes to exit codes (0 ok, 1 invalid input, 2 usage, file or
//! model errors and internal failures).

mod args;
#[cfg(unix)]
mod entry;
mod fast;
mod fixing;
mod lint;
mod lsp;
mod parse;
mod rules;
mod schema;
mod skeleton;
mod validate;

use std::io::{IsTerminal, Write};
use std::os::fd::AsFd;
use std::process::ExitCode;

use chime_shape::describe;
use chime_shape::guard::sanitize;
use chime_shape::model::{self, EMBEDDED, Model, ModelError};
use chime_shape::validate::config::{self, Config};
use chime_shape::validate::project::ModelSource;

use args::{Cli, ColorChoice, Command};

/// Whether to colour output: `--color always|never`; else (`auto`) never
/// when `NO_COLOR` is set and not empty (<https://no-color.org>), always
/// when `CLICOLOR_FORCE` is set and not `0` (<https://bixense.com/clicolors/>:
/// for output piped into `less -R` or captured by CI), and otherwise on a
/// terminal. `NO_COLOR` wins over `CLICOLOR_FORCE`, as in anstream (clap's
/// own colouring), so that one variable turns colour off everywhere.
pub(crate) fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR").is_some() => false,
        ColorChoice::Auto => terminal || set("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
    }
}

/// The completion script for `shell`: clap_complete's, from
/// [`args::completion_command`] (which offers services, operations and
/// codes), generated into memory first because clap_complete unwraps its
/// write errors, which would panic on a full disk or a closed pipe; then
/// mended where clap_complete 4.6 falls short for this command line.
fn completion_script(shell: clap_complete::Shell) -> String {
    let mut cmd = args::completion_command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, COMPLETION_BIN, &mut script);
    let script = String::from_utf8_lossy(&script).into_owned();
    match shell {
        clap_complete::Shell::Bash => mend_bash(&script),
        clap_complete::Shell::Fish => mend_fish(&script, &cmd),
        _ => script,
    }
}

/// The name the completion scripts are registered for.
const COMPLETION_BIN: &str = "chime-shape";

/// clap_complete's bash script names the case arms of a hyphenated
/// binary's subcommands differently from the names its word loop assigns
/// (`chime__subcmd__shape__subcmd__validate` against
/// `chime__shape__subcmd__validate`), so nothing after a subcommand
/// completed: the arms are renamed to match.
fn mend_bash(script: &str) -> String {
    let loop_name = format!("{}__subcmd__", COMPLETION_BIN.replace('-', "__"));
    let arm_name = format!("{}__subcmd__", COMPLETION_BIN.replace('-', "__subcmd__"));
    let mut text = String::with_capacity(script.len());
    for line in script.lines() {
        match line.trim_start().strip_prefix(&arm_name) {
            Some(rest) if rest.ends_with(')') => text.push_str(&line.replacen(&arm_name, &loop_name, 1)),
            _ => text.push_str(line),
        }
        text.push('\n');
    }
    text
}

/// Two gaps of clap_complete's fish script. Its test for "no subcommand
/// yet" fails while an option before the subcommand still lacks its value
/// (`chime-shape --service <TAB>`), so that value was never completed: a
/// failed parse now counts as "no subcommand yet". And it completes
/// options only, not positional arguments: rules are added for each
/// positional that has values to offer (SHELL, MODE, OPERATION), by its
/// place among the words after the subcommand that are neither options
/// nor their values.
fn mend_fish(script: &str, cmd: &clap::Command) -> String {
    use std::fmt::Write as _;

    let name = COMPLETION_BIN.replace('-', "_");
    let mut text = script.replacen("\n    or return\n", "\n    or return 0\n", 1);
    let mut valued: Vec<String> = Vec::new();
    let mut rules = String::new();
    let takes_value = |arg: &clap::Arg| !arg.is_positional() && arg.get_action().takes_values();
    for arg in cmd.get_arguments().filter(|a| takes_value(a)) {
        valued.extend(arg.get_long().map(|long| format!("--{long}")));
    }
    for sub in cmd.get_subcommands() {
        for arg in sub.get_arguments().filter(|a| takes_value(a)) {
            valued.extend(arg.get_long().map(|long| format!("--{long}")));
            valued.extend(arg.get_short().map(|short| format!("-{short}")));
        }
        for (place, arg) in sub.get_positionals().enumerate() {
            let Some(values) = arg.get_value_parser().possible_values() else { continue };
            let candidates = values
                .filter(|v| !v.is_hide_set())
                .map(|v| match v.get_help() {
                    Some(help) => format!("{}\\t{}", v.get_name(), fish_quote(&help.to_string())),
                    None => v.get_name().to_owned(),
                })
                .collect::<Vec<_>>()
                .join(" ");
            let _ = writeln!(
                rules,
                "complete -c {COMPLETION_BIN} -n \"__fish_{name}_using_subcommand {sub}; and test (__fish_{name}_operands) = {place}\" -f -a \"{candidates}\"",
                sub = sub.get_name(),
            );
        }
    }
    valued.sort();
    valued.dedup();
    let _ = write!(
        text,
        "
# Added by chime-shape: positional arguments, which clap_complete's fish
# script does not complete. Prints how many words after the subcommand are
# neither options nor option values.
function __fish_{name}_operands
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_{name}_global_optspecs) -- $cmd 2>/dev/null
    or return
    set -e argv[1]
    set -l count 0
    set -l skip 0
    for word in $argv
        if test $skip = 1
            set skip 0
        else if contains -- $word {valued}
            set skip 1
        else if not string match -q -- '-*' $word
            set count (math $count + 1)
        end
    end
    echo $count
end
{rules}",
        valued = valued.join(" "),
    );
    text
}

/// `text` as a fish single-quoted word (for the candidate list that fish
/// parses again), escaped for the double quotes around that list.
fn fish_quote(text: &str) -> String {
    let word = format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"));
    word.replace('\\', "\\\\").replace('"', "\\\"").replace('$', "\\$")
}

/// The manual page: one page for the whole tool, so that `man
/// chime-shape` is the complete reference (clap_mangen's page is the
/// top-level help alone and refers to pages per subcommand that nobody
/// installs). clap_mangen renders the parts clap knows — synopses and
/// options, of the tool and of each subcommand — and the rest is written
/// here: examples, the validation codes, exit status, environment and
/// configuration files.
fn man_page() -> std::io::Result<Vec<u8>> {
    use chime_shape::report::diagnostic::Code;
    use clap_mangen::Man;

    /// One of clap_mangen's `Man::render_*_section`.
    type Section = fn(&Man, &mut dyn Write) -> std::io::Result<()>;

    /// The lines of clap_mangen's rendering of some sections, without the
    /// apostrophe preamble it repeats in each (the page has it once) and,
    /// unless `headings`, without its `.SH` headings.
    fn mangen(page: &mut String, man: &Man, headings: bool, sections: &[Section]) -> std::io::Result<()> {
        let mut roff = Vec::new();
        for render in sections {
            render(man, &mut roff)?;
        }
        for line in String::from_utf8_lossy(&roff).lines() {
            let preamble = line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
            if !preamble && (headings || !line.starts_with(".SH ")) {
                page.push_str(line);
                page.push('\n');
            }
        }
        Ok(())
    }

    let cmd = args::eager_command();
    let top = Man::new(cmd.clone());
    // The title by hand: clap_mangen drops an empty date argument, which
    // shifts the source into the date's place. Left-adjusted, without
    // hyphenation: a synopsis or an option name is not prose to justify.
    let mut page = format!(
        ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n.TH {} 1 \"\" \"{} {}\" \"User Commands\"\n.ad l\n.nh\n",
        COMPLETION_BIN.to_uppercase(),
        COMPLETION_BIN,
        env!("CARGO_PKG_VERSION")
    );
    mangen(&mut page, &top, true, &[Man::render_name_section, Man::render_synopsis_section])?;
    page.push_str(".SH DESCRIPTION\n");
    page.push_str(&roff_text(MAN_DESCRIPTION));
    mangen(&mut page, &top, true, &[Man::render_options_section])?;

    page.push_str(".SH COMMANDS\n");
    page.push_str(&roff_text(MAN_COMMANDS));
    for sub in cmd.get_subcommands() {
        let name = format!("{COMPLETION_BIN} {}", sub.get_name());
        page.push_str(&format!(".SS \"{}\"\n", roff_escape(&name)));
        let man = Man::new(sub.clone().bin_name(&name).display_name(&name));
        mangen(&mut page, &man, false, &[Man::render_synopsis_section])?;
        page.push_str(".PP\n");
        mangen(&mut page, &man, false, &[Man::render_description_section, Man::render_options_section])?;
        if let Some(after) = sub.get_after_help() {
            page.push_str(&roff_after_help(&after.to_string(), false));
        }
    }

    page.push_str(".SH \"VALIDATION CODES\"\n");
    page.push_str(&roff_text(
        "Each finding of validate and parse has one of these codes, shown with its default severity; \
         the configuration's severity map and validate --warn change it.",
    ));
    for code in Code::ALL {
        let severity = code.default_severity().as_str();
        page.push_str(&format!(".TP\n\\fB{}\\fR ({severity})\n", roff_escape(code.as_str())));
        page.push_str(&roff_text(code.description()));
    }
    for (heading, body) in MAN_SECTIONS {
        page.push_str(&format!(".SH \"{heading}\"\n"));
        page.push_str(&roff_definitions(body));
    }
    if let Some(after) = cmd.get_after_help() {
        page.push_str(".SH EXAMPLES\n");
        page.push_str(&roff_after_help(&after.to_string(), true));
    }
    mangen(&mut page, &top, true, &[Man::render_version_section])?;
    page.push_str(".SH \"SEE ALSO\"\n");
    page.push_str(&roff_text(
        "aws(1), pre-commit(8); the README, for the full reference and the guarantees against hostile input.",
    ));
    Ok(page.into_bytes())
}

/// The DESCRIPTION of the manual page.
const MAN_DESCRIPTION: &str = "chime-shape checks AWS Chime API requests before they are sent, offline, from the botocore service models alone: it validates JSON and YAML request documents against every constraint of the model, prints the skeletons aws --generate-cli-skeleton prints, turns an aws command line into the request the AWS CLI would send, and prints reference pages and JSON Schemas. The models of chime, chime-sdk-identity, chime-sdk-meetings, chime-sdk-messaging, chime-sdk-voice and chime-sdk-media-pipelines are embedded; any other botocore model loads with --model.";

/// The introduction of COMMANDS.
const MAN_COMMANDS: &str = "The global options (OPTIONS above) may stand before or after the command. An OPERATION is named as the AWS CLI names it (update-user) or by its API name (UpdateUser).";

/// The sections after the codes: a heading, then definitions (a line
/// starting with `= ` is a term; the lines up to the next term its text).
const MAN_SECTIONS: [(&str, &str); 3] = [
    (
        "EXIT STATUS",
        "= 0
Success: every document is valid (warnings are allowed unless --fail-level warning), or the command printed what it was asked for.
= 1
Invalid input: at least one document has an error (or, with --fail-level warning, a warning), or parse was given a value the AWS CLI refuses.
= 2
Usage errors, unreadable files, a bad model or configuration, output that cannot be written, and internal failures. A reader that stops early (a closed pipe) keeps the verdict instead: an invalid document is never reported as 0.",
    ),
    (
        "ENVIRONMENT",
        "= NO_COLOR
When set and not empty, --color auto does not colour (https://no-color.org). It wins over CLICOLOR_FORCE.
= CLICOLOR_FORCE
When set and not 0, --color auto colours even when the output is not a terminal (for less -R or CI logs); --color never still wins.",
    ),
    (
        "FILES",
        "= .chime-shape.yaml, .chime-shape.yml
The configuration: the default service or model, the include and exclude globs of validate, severities per code, and files rules that name the service and operation of files. Without --config, the nearest one is used, searching from the working directory up to the repository root (the first directory that holds .git) and never beyond it; outside a repository only the working directory is searched. In one directory .chime-shape.yaml is preferred. --config PATH reads PATH instead; --no-config reads none. Command-line options win over the configuration.",
    ),
];

/// `text` escaped for a roff text line: backslashes, and hyphens (which
/// would otherwise be typeset as hyphens rather than minus signs, breaking
/// copy and paste of options).
fn roff_escape(text: &str) -> String {
    text.replace('\\', "\\e").replace('-', "\\-")
}

/// `text` as roff text lines, a line that would start with a control
/// character (`.` or `'`) protected with `\&`.
fn roff_text(text: &str) -> String {
    let mut roff = String::new();
    for line in text.lines() {
        let line = roff_escape(line);
        if line.starts_with(['.', '\'']) {
            roff.push_str("\\&");
        }
        roff.push_str(&line);
        roff.push('\n');
    }
    roff
}

/// [`MAN_SECTIONS`] text as `.TP` definitions.
fn roff_definitions(body: &str) -> String {
    let mut roff = String::new();
    for line in body.lines() {
        match line.strip_prefix("= ") {
            Some(term) => {
                roff.push_str(".TP\n\\fB");
                roff.push_str(&roff_escape(term));
                roff.push_str("\\fR\n");
            }
            None => roff.push_str(&roff_text(line)),
        }
    }
    roff
}

/// An `after_help` text (`Examples:` and two-space-indented command
/// lines, then paragraphs) as roff: labels as paragraphs, the indented
/// lines unfilled and indented, as they would be typed (continuation
/// lines keep their extra indentation). `section`: the text is a section
/// of its own, whose heading replaces the `Examples:` label.
fn roff_after_help(text: &str, section: bool) -> String {
    let mut roff = String::new();
    let mut in_example = false;
    for line in text.lines() {
        if let Some(example) = line.strip_prefix("  ") {
            if !in_example {
                roff.push_str(".RS 4\n.nf\n");
                in_example = true;
            }
            roff.push_str(&roff_text(example));
            continue;
        }
        if in_example {
            roff.push_str(".fi\n.RE\n");
            in_example = false;
        }
        if line.trim().is_empty() || (section && line == "Examples:") {
            continue;
        }
        roff.push_str(".PP\n");
        roff.push_str(&roff_text(line));
    }
    if in_example {
        roff.push_str(".fi\n.RE\n");
    }
    roff
}

/// The terminal's width, for wrapping (at most 100 columns, for reading).
fn terminal_width() -> Option<usize> {
    terminal_size::terminal_size().map(|(w, _)| usize::from(w.0).min(100))
}

/// `--version`: the crate version and where the embedded models come from.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (embedded models: botocore ",
    include_str!("../../models/BOTOCORE_VERSION"),
    ")"
);

/// A failure that ends the command, with the exit code it maps to.
#[derive(Debug)]
pub enum Failure {
    /// Usage, file or model problems: exit 2.
    Usage(String),
    /// A message already printed; exit with this code.
    Exit(u8),
    /// Output could not be written. `verdict` is the exit code the command
    /// had reached about its input (0 valid, 1 invalid) before the write
    /// failed: a reader that stopped early (`| head -1`, a closed pipe)
    /// exits with the verdict, so an invalid input never turns into 0;
    /// any other write error (a full disk, a closed descriptor) exits 2.
    Write {
        /// The write error.
        error: std::io::Error,
        /// The exit code the command would have had.
        verdict: u8,
    },
}

impl Failure {
    /// The exit code, printing what has not been printed yet.
    fn report(self) -> ExitCode {
        match self {
            Failure::Exit(code) => ExitCode::from(code),
            Failure::Usage(message) => {
                print_error(&message);
                ExitCode::from(2)
            }
            Failure::Write { error, verdict } if error.kind() == std::io::ErrorKind::BrokenPipe => {
                ExitCode::from(verdict)
            }
            Failure::Write { error, .. } => {
                print_error(&format!("cannot write output: {error}"));
                ExitCode::from(2)
            }
        }
    }
}

impl From<ModelError> for Failure {
    fn from(e: ModelError) -> Self {
        Failure::Usage(e.to_string())
    }
}

impl From<model::UnknownOperation> for Failure {
    fn from(e: model::UnknownOperation) -> Self {
        Failure::Usage(e.to_string())
    }
}

/// A write error of a command that has no verdict (yet): verdict 0. A
/// command that knows its input is invalid builds [`Failure::Write`] with
/// its verdict instead.
impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::Write { error, verdict: 0 }
    }
}

/// Prints `chime-shape: error: MESSAGE` on standard error.
///
/// The one way the command line reports errors: `message` may hold
/// untrusted text (file names, values), so it is escaped with
/// [`sanitize::escape_multiline`] (lines are kept; control characters and
/// workflow-command line starts are not); and a full or closed standard
/// error is ignored, because there is nowhere left to report it and
/// `eprintln!` would panic (exit 101) instead of exiting with the code the
/// input deserves.
pub(crate) fn print_error(message: &str) {
    print_stderr_line("error", message);
}

/// Prints `chime-shape: note: MESSAGE` on standard error, as
/// [`print_error`] does.
pub(crate) fn print_note(message: &str) {
    print_stderr_line("note", message);
}

/// Prints `chime-shape: warning: MESSAGE` on standard error, as
/// [`print_error`] does.
pub(crate) fn print_warning(message: &str) {
    print_stderr_line("warning", message);
}

/// Writes `text` to standard error as it is, ignoring write errors. For
/// lines the caller has already made safe (escaped each untrusted part)
/// and may have coloured.
pub(crate) fn write_stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

fn print_stderr_line(level: &str, message: &str) {
    write_stderr(&format!("chime-shape: {level}: {}\n", sanitize::escape_multiline(message)));
}

/// Standard output, or the knowledge that descriptor 1 is closed.
enum Output {
    Open(std::io::StdoutLock<'static>),
    Closed,
}

impl Output {
    fn new() -> Output {
        if stdout_was_closed() { Output::Closed } else { Output::Open(std::io::stdout().lock()) }
    }

    fn closed_error() -> std::io::Error {
        std::io::Error::other("standard output is closed")
    }
}

/// Whether descriptor 1 is closed. Before anything else, the process entry
/// (`entry.rs` on Unix, as Rust's runtime elsewhere) reopens a closed
/// standard descriptor as `/dev/null` (read-write), which cannot be
/// told from the read-write `/dev/null` that Python's `subprocess.DEVNULL`,
/// Go's `exec` and libuv hand a child whose output they discard: treating
/// that as closed failed every such caller with exit 2. So `>&-` behaves as
/// `>/dev/null` does: the output goes nowhere and the exit status is the
/// command's verdict (never 0 for an invalid input).
fn stdout_was_closed() -> bool {
    std::io::stdout().as_fd().try_clone_to_owned().is_err()
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Open(out) => out.write(buf),
            Output::Closed if buf.is_empty() => Ok(0),
            Output::Closed => Err(Output::closed_error()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Open(out) => out.flush(),
            Output::Closed => Ok(()),
        }
    }
}

/// Handles what `Cli::try_parse` refused or answered itself: `--help` and
/// `--version` go to standard output (exit 0, or 2 when that write
/// fails); usage errors go to standard error, escaped (they quote the
/// command line), exit 2. clap's own `exit()` would panic on a failed
/// write.
fn clap_outcome(error: &clap::Error) -> ExitCode {
    if error.use_stderr() {
        let color = use_color(ColorChoice::Auto, std::io::stderr().is_terminal());
        let rendered = error.render();
        if color {
            // clap's styling is kept only when the message (which quotes
            // the command line) needs no escaping.
            let plain = rendered.to_string();
            if sanitize::escape_multiline(&plain) == plain {
                write_stderr(&rendered.ansi().to_string());
                return ExitCode::from(2);
            }
        }
        write_stderr(&sanitize::escape_multiline(&rendered.to_string()));
        return ExitCode::from(2);
    }
    let rendered = error.render();
    let text = if use_color(ColorChoice::Auto, std::io::stdout().is_terminal()) {
        rendered.ansi().to_string()
    } else {
        rendered.to_string()
    };
    let mut out = Output::new();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => Failure::Write { error, verdict: 0 }.report(),
    }
}

/// Runs the command line and returns the process exit code. A panic is
/// caught and reported as an internal error (exit 2) rather than a crash.
/// The command: `args` is the command line, the program's name first.
pub fn main(args: Vec<std::ffi::OsString>) -> ExitCode {
    let cli = match parse_command_line(args) {
        Ok(cli) => cli,
        Err(error) => return clap_outcome(&error),
    };
    match std::panic::catch_unwind(|| run(&cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(failure)) => failure.report(),
        Err(_) => {
            print_error("internal error (this is a bug; please report it with the command line)");
            ExitCode::from(2)
        }
    }
}

/// `Cli::try_parse_from(args)` (the program's name first): a plain form
/// read without clap ([`fast::parse`]), or clap given only the subcommand
/// the command line names ([`args::command_for`],
/// [`args::named_subcommand`]). clap's command and matches are left to the
/// operating system rather than freed piece by piece: dropping them was a
/// twentieth of a skeleton command's work. They are made once per process.
fn parse_command_line(args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    match fast::parse(args.get(1..).unwrap_or_default()) {
        Some(cli) => Ok(cli),
        None => parse_with_clap(args),
    }
}

/// clap's parse, given only the subcommand the command line names.
fn parse_with_clap(args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    use clap::FromArgMatches;

    let mut cmd = args::command_for(args::named_subcommand(args.get(1..).unwrap_or_default()));
    let mut matches = cmd.try_get_matches_from_mut(args)?;
    let cli = Cli::from_arg_matches_mut(&mut matches).map_err(|error| error.format(&mut cmd));
    std::mem::forget(matches);
    std::mem::forget(cmd);
    cli
}

/// Leaves a model to the operating system instead of freeing it piece by
/// piece: the process is about to end, and dropping the shape graph is a
/// tenth of a skeleton command's work.
fn exit_without_drop(model: Model) {
    std::mem::forget(model);
}

/// The configuration in force: `--config`, else the nearest
/// `.chime-shape.yaml` above the working directory, unless `--no-config`.
pub(crate) fn load_config(cli: &Cli) -> Result<Option<Config>, Failure> {
    if cli.global.no_config {
        return Ok(None);
    }
    let path = match &cli.global.config {
        Some(path) => Some(path.clone()),
        None => std::env::current_dir().ok().and_then(|dir| {
            // Shown relative to the working directory when it is below it.
            config::discover(&dir)
                .map(|p| p.strip_prefix(&dir).map(std::path::Path::to_path_buf).unwrap_or(p))
        }),
    };
    path.map(|p| Config::load(&p).map_err(|e| Failure::Usage(format!("invalid configuration\n{e}"))))
        .transpose()
}

/// Loads the model the global options select ([`ModelSource::chosen`],
/// else `chime`). The configuration is read only when no flag decides.
pub(crate) fn load_model(cli: &Cli, docs: bool) -> Result<Model, Failure> {
    let config =
        if cli.global.model.is_none() && cli.global.service.is_none() { load_config(cli)? } else { None };
    let source =
        ModelSource::chosen(cli.global.model.as_deref(), cli.global.service.as_deref(), config.as_ref())
            .unwrap_or_else(|| ModelSource::Embedded("chime".to_owned()));
    Ok(source.load(docs)?)
}

fn run(cli: &Cli) -> Result<ExitCode, Failure> {
    // Before standard output is locked here: the server writes it from a
    // thread of its own.
    if let Command::Lsp(lsp_args) = &*cli.command {
        return lsp::run(cli, lsp_args);
    }
    let mut out = Output::new();
    match &*cli.command {
        Command::Services => {
            let width = EMBEDDED.iter().map(|m| m.name.len()).max().unwrap_or(0);
            for m in EMBEDDED {
                writeln!(out, "{:width$}  {}  {:>3} operations", m.name, m.api_version, m.operations)?;
            }
        }
        Command::Operations => {
            let model = load_model(cli, false)?;
            for op in model.operations() {
                writeln!(out, "{}", op.cli_name)?;
            }
            exit_without_drop(model);
        }
        Command::Skeleton(skeleton_args) => return skeleton::run(cli, skeleton_args, &mut out),
        Command::Describe { operation } => {
            let model = load_model(cli, true)?;
            let op = model.operation(operation)?;
            let terminal = std::io::stdout().is_terminal();
            let style = describe::Style {
                width: terminal.then(terminal_width).flatten(),
                color: use_color(cli.global.color, terminal),
            };
            let (page, truncated) = describe::describe_page(&model, op, style);
            if truncated {
                // Refused, not printed incomplete.
                print_error("the page would be longer than 64 MiB: the model makes it grow exponentially");
                return Ok(ExitCode::from(2));
            }
            out.write_all(page.as_bytes())?;
        }
        Command::Schema(schema_args) => return schema::run(cli, schema_args, &mut out),
        Command::Rules => rules::list(&mut out)?,
        Command::Explain { code } => rules::explain(code, &mut out)?,
        Command::Completions { shell } => out.write_all(completion_script(*shell).as_bytes())?,
        Command::Man => out.write_all(&man_page()?)?,
        Command::Validate(validate_args) => return validate::run(cli, validate_args, &mut out),
        Command::Lint(lint_args) => return lint::run(cli, lint_args, &mut out),
        Command::Parse(parse_args) => return parse::run(cli, parse_args, &mut out),
        // Handled above.
        Command::Lsp(_) => {}
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
