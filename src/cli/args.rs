//! The command line, as clap derives it: low-level arguments, resolved by
//! the command modules. The interface is described in `docs/interface.md`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Offline skeletons, argument parsing and validation for AWS Chime API
/// requests, from the botocore service models.
#[derive(Debug, Parser)]
#[command(name = "chime-shape", version = crate::cli::VERSION, about, long_about = None)]
#[command(
    after_help = "Examples:\n  chime-shape skeleton input update-user\n  chime-shape --service chime-sdk-meetings operations\n  chime-shape --model /path/to/dynamodb/2012-08-10/service-2.json.gz \\\n      skeleton input put-item"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Subcommands,
}

/// Options accepted before or after the subcommand.
#[derive(Debug, Args)]
pub struct Global {
    /// The embedded model to use: chime, chime-sdk-identity,
    /// chime-sdk-meetings, chime-sdk-messaging, chime-sdk-voice,
    /// chime-sdk-media-pipelines.
    /// [default: chime]
    #[arg(long, global = true, value_name = "NAME")]
    pub service: Option<String>,

    /// Load this botocore model file instead (service-2.json or
    /// service-2.json.gz); any AWS service works.
    #[arg(long, global = true, value_name = "PATH")]
    pub model: Option<PathBuf>,

    /// Read this configuration file instead of the nearest
    /// .chime-shape.yaml.
    #[arg(long, global = true, value_name = "PATH", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore any .chime-shape.yaml.
    #[arg(long, global = true)]
    pub no_config: bool,

    /// Print less: no summary line, no notes.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Colour: on a terminal only (auto), always or never. NO_COLOR turns
    /// auto off; CLICOLOR_FORCE turns it on off a terminal.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal (or CLICOLOR_FORCE is set) and
    /// NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the embedded services: name, API version, number of operations.
    #[command(after_help = "Examples:\n  chime-shape services\n  chime-shape services | cut -d' ' -f1")]
    Services,
    /// List the operations of the selected service, one CLI name per line.
    #[command(
        after_help = "Examples:\n  chime-shape operations\n  chime-shape --service chime-sdk-voice operations | grep sip"
    )]
    Operations,
    /// Print what `aws SERVICE OPERATION --generate-cli-skeleton MODE` prints,
    /// or a request skeleton filled with example values, with the values of
    /// an AWS CLI argument list or with a response's members.
    #[command(
        after_help = "Examples:\n  chime-shape skeleton input update-user > update-user.json\n  chime-shape skeleton yaml-input UpdateUser\n  chime-shape --service chime-sdk-meetings skeleton output create-meeting\n  chime-shape skeleton input update-user --example\n  chime-shape skeleton yaml-input update-user --required-only --example\n  chime-shape skeleton input update-user --account-id a1 --license-type Pro\n  chime-shape skeleton input update-user --from update-user.json\n\nThe skeleton's own options come before the AWS CLI arguments.\nExit status: 0 printed (warnings allowed), 1 an argument's value is\ninvalid, 2 usage errors, unreadable files."
    )]
    Skeleton(Deferred<SkeletonArgs>),
    /// Print the reference page of an operation: options, types,
    /// constraints, shorthand and JSON syntax, output.
    #[command(
        after_help = "Examples:\n  chime-shape describe update-user\n  chime-shape --service chime-sdk-voice describe create-sip-rule | less -R"
    )]
    Describe {
        /// The operation (update-user or UpdateUser).
        operation: String,
    },
    /// Validate request documents (JSON or YAML) against the operation's
    /// input shape.
    #[command(
        after_help = "Examples:\n  chime-shape validate requests/\n  chime-shape validate alice.update-user.json bob.update-user.yaml\n  chime-shape --service chime-sdk-meetings validate --operation create-meeting \\\n      --format sarif meeting.json > results.sarif\n  cat req.json | chime-shape validate --stdin-filename update-user.json -\n\nExit status: 0 valid, 1 invalid, 2 usage errors and unreadable files."
    )]
    Validate(Deferred<ValidateArgs>),
    /// Check the `aws` command lines in shell scripts, Makefiles, CI YAML,
    /// Dockerfiles and Markdown code blocks, as `parse` checks one.
    #[command(
        after_help = "Examples:\n  chime-shape lint scripts/provision.sh\n  chime-shape lint --diff --unsafe-fixes scripts/provision.sh\n  chime-shape lint .\n  chime-shape lint --format github Makefile .github/workflows/\n  chime-shape --model /path/to/dynamodb/2012-08-10/service-2.json.gz \\\n      lint scripts/tables.sh\n\nExit status: 0 no errors, 1 errors, 2 usage errors and unreadable files."
    )]
    Lint(Deferred<LintArgs>),
    /// Run the language server over standard input and output: the
    /// findings of validate and lint as you type, the model's documentation
    /// on hover, completion, and the fixes as code actions.
    #[command(
        after_help = "Examples:\n  chime-shape lsp\n  chime-shape lsp --stdio\n  chime-shape --no-config --service chime-sdk-meetings lsp\n\nAn editor starts it and talks to it over its standard input and output; the README's \"Editors (language server)\" section has the setup for VS Code, Neovim and Helix.\n\nExit status: 0 after a shutdown request (or when the input ends before a session starts), 1 when the session ends without one."
    )]
    Lsp(Deferred<LspArgs>),
    /// Print a JSON Schema (draft 2020-12) of the operation's input (or
    /// output), for editors and other validators.
    #[command(
        after_help = "Examples:\n  chime-shape schema update-user > update-user.schema.json\n  chime-shape schema --output get-user"
    )]
    Schema(Deferred<SchemaArgs>),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(
        after_help = "Examples:\n  source <(chime-shape completions bash)\n  mkdir -p ~/.zfunc && chime-shape completions zsh > ~/.zfunc/_chime-shape\n  mkdir -p ~/.config/fish/completions\n  chime-shape completions fish > ~/.config/fish/completions/chime-shape.fish\n\nThe README's Install section says where each shell looks for them."
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): every command, the validation codes,
    /// exit status, environment and configuration files.
    #[command(
        after_help = "Examples:\n  chime-shape man | man -l -\n  mkdir -p ~/.local/share/man/man1\n  chime-shape man > ~/.local/share/man/man1/chime-shape.1"
    )]
    Man,
    /// Turn an AWS CLI argument list into the request the CLI would send.
    #[command(
        after_help = "Examples:\n  chime-shape parse update-user --account-id a --user-id u --license-type Pro\n  chime-shape parse aws chime-sdk-meetings create-meeting \\\n      --external-meeting-id standup --media-region us-east-1 \\\n      --meeting-features 'Audio={EchoReduction=AVAILABLE}'\n  chime-shape parse update-user --cli-input-json file://update-user.json \\\n      --license-type Plus"
    )]
    Parse(Deferred<ParseArgs>),
    /// List every finding code: its default severity and what it checks.
    #[command(after_help = "Examples:\n  chime-shape rules\n  chime-shape rules | grep warning")]
    Rules,
    /// Explain a finding code, with an example document and its finding.
    #[command(after_help = "Examples:\n  chime-shape explain enum\n  chime-shape explain duplicate-key")]
    Explain {
        /// The code (enum, pattern, duplicate-key, ...).
        code: String,
    },
}

/// [`Command`], as clap is given it: every subcommand, or only the one the
/// command line names ([`command_for`], [`named_subcommand`]).
///
/// clap copies the global options into every subcommand before it parses
/// one (six options into thirteen subcommands, 80 KB of allocations): that
/// was an eighth of the start-up of `skeleton input update-user`. Once the
/// command line has named a subcommand (first, or after global options),
/// the others play no part in parsing the rest (a test parses every
/// subcommand both ways, errors and help included), so they are left out.
/// Anything else (another option first, `help`, a mistyped name, no
/// argument) gets them all: the root's help and its "unrecognized
/// subcommand" message list them.
#[derive(Debug)]
pub struct Subcommands(pub Command);

thread_local! {
    /// The subcommand [`Subcommands`] gives clap alone, if any, while
    /// [`command_for`] makes the command on this thread.
    static ONLY: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// [`Cli`]'s command for a command line whose subcommand word is `first`
/// ([`named_subcommand`]): with only that subcommand when it names one.
pub(crate) fn command_for(first: Option<&str>) -> clap::Command {
    use clap::CommandFactory;
    let only = first.filter(|name| <Command as clap::Subcommand>::has_subcommand(name));
    set_only(only.map(str::to_owned));
    let cmd = Cli::command();
    set_only(None);
    cmd
}

/// The word that names the subcommand in `args` (the command line without
/// the program's name): the first argument, or the first one after global
/// options given before it (`--service chime-sdk-voice skeleton ...`, as the
/// README writes them). `None` when anything else comes first: an option
/// that is not global (`--help`), a cluster of short options, `--`.
///
/// Which options are global, and which of them take a value, is read from
/// [`Global`]'s arguments, so this follows them. clap still parses the whole
/// command line; this only chooses what [`command_for`] gives it.
pub(crate) fn named_subcommand(args: &[std::ffi::OsString]) -> Option<&str> {
    let first = args.first()?.to_str()?;
    if !first.starts_with('-') {
        return Some(first);
    }
    let globals = Global::augment_args(clap::Command::new(""));
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let arg = arg.to_str()?;
        if !arg.starts_with('-') {
            return Some(arg);
        }
        let (option, value_given) = match arg.strip_prefix("--") {
            Some(long) => {
                let (name, value_given) =
                    long.split_once('=').map_or((long, false), |(name, _)| (name, true));
                (globals.get_arguments().find(|a| a.get_long() == Some(name))?, value_given)
            }
            None => {
                let mut shorts = arg.chars().skip(1);
                let (Some(short), None) = (shorts.next(), shorts.next()) else { return None };
                (globals.get_arguments().find(|a| a.get_short() == Some(short))?, false)
            }
        };
        if option.get_action().takes_values() && !value_given {
            // The value, unless it looks like an option (clap would refuse it).
            rest.next()?.to_str().filter(|value| !value.starts_with('-'))?;
        }
    }
    None
}

fn set_only(name: Option<String>) {
    ONLY.with(|only| *only.borrow_mut() = name);
}

impl std::ops::Deref for Subcommands {
    type Target = Command;

    fn deref(&self) -> &Command {
        &self.0
    }
}

impl clap::Subcommand for Subcommands {
    fn augment_subcommands(cmd: clap::Command) -> clap::Command {
        let only = ONLY.with(|only| only.borrow().clone());
        let Some(name) = only else { return Command::augment_subcommands(cmd) };
        // The derive adds its subcommands to a command of our choosing:
        // they are added to an empty one, and the one named taken.
        let all = Command::augment_subcommands(clap::Command::new(""));
        match all.find_subcommand(&name) {
            Some(chosen) => cmd.subcommand(chosen.clone()),
            None => Command::augment_subcommands(cmd),
        }
    }

    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_subcommands(cmd)
    }

    fn has_subcommand(name: &str) -> bool {
        Command::has_subcommand(name)
    }
}

/// `clap::FromArgMatches` for a newtype over a type that has it: what
/// clap matched is read by the inner type, then wrapped.
macro_rules! from_arg_matches_of_inner {
    ([$($generics:tt)*] $wrapper:ty, $inner:ty, $wrap:expr) => {
        impl<$($generics)*> clap::FromArgMatches for $wrapper {
            fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
                <$inner as clap::FromArgMatches>::from_arg_matches(matches).map($wrap)
            }

            fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
                <$inner as clap::FromArgMatches>::from_arg_matches_mut(matches).map($wrap)
            }

            fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
                self.0.update_from_arg_matches(matches)
            }

            fn update_from_arg_matches_mut(&mut self, matches: &mut clap::ArgMatches) -> Result<(), clap::Error> {
                self.0.update_from_arg_matches_mut(matches)
            }
        }
    };
}

from_arg_matches_of_inner!([] Subcommands, Command, Subcommands);

/// A subcommand's arguments, added to its `clap::Command` only when clap
/// builds that subcommand (`Command::defer`): when it is parsed or its
/// help printed. Adding every subcommand's arguments to run one of them
/// was a quarter of the start-up of `skeleton input`.
///
/// The man page and the completion scripts are made from the eager
/// command ([`eager_command`]): deferred arguments come after the global
/// ones that clap copies into each subcommand, which would reorder them.
#[derive(Debug)]
pub struct Deferred<T>(pub T);

/// Whether [`Deferred`] adds arguments at once (see [`eager_command`]).
static EAGER: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// [`Cli`]'s command with every subcommand's arguments added at once, in
/// the order the derive gives them: what the man page and the completion
/// scripts are made from.
pub(crate) fn eager_command() -> clap::Command {
    use clap::CommandFactory;
    EAGER.store(true, std::sync::atomic::Ordering::Relaxed);
    let cmd = Cli::command();
    EAGER.store(false, std::sync::atomic::Ordering::Relaxed);
    cmd
}

/// `T`'s arguments added to `cmd`, keeping the subcommand's own `about`:
/// the derive sets the variant's doc comment on the subcommand before a
/// deferred `augment_args` runs, which would set the struct's over it.
fn augment_keeping_about<T: Args>(cmd: clap::Command) -> clap::Command {
    let (about, long_about) = (cmd.get_about().cloned(), cmd.get_long_about().cloned());
    let cmd = T::augment_args(cmd);
    let cmd = match about {
        Some(about) => cmd.about(about),
        None => cmd.about(None::<&'static str>),
    };
    match long_about {
        Some(long_about) => cmd.long_about(long_about),
        None => cmd.long_about(None::<&'static str>),
    }
}

impl<T> std::ops::Deref for Deferred<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Args> Args for Deferred<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        if EAGER.load(std::sync::atomic::Ordering::Relaxed) {
            T::augment_args(cmd)
        } else {
            cmd.defer(augment_keeping_about::<T>)
        }
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }

    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}

from_arg_matches_of_inner!([T: clap::FromArgMatches] Deferred<T>, T, Deferred);

/// `lsp`'s arguments.
#[derive(Debug, Args)]
pub struct LspArgs {
    /// Talk over standard input and output: the only transport, and the
    /// default (accepted because editors' clients pass it).
    #[arg(long)]
    pub stdio: bool,
}

/// `skeleton`'s arguments.
#[derive(Debug, Args)]
pub struct SkeletonArgs {
    /// input (JSON, as AWS CLI v1), yaml-input (YAML with comments, as
    /// AWS CLI v2) or output (a sample response).
    #[arg(value_enum)]
    pub mode: SkeletonMode,
    /// The operation, as the AWS CLI names it (update-user) or by its
    /// API name (UpdateUser).
    pub operation: String,
    /// Fill every member with a value that satisfies the model (enum
    /// values, lengths, ranges, patterns), the same on every run.
    #[arg(long)]
    pub example: bool,
    /// Only the members the request needs: required ones (and one member
    /// of each union).
    #[arg(long)]
    pub required_only: bool,
    /// Take the members the request shares from this response document
    /// (JSON or YAML, as `aws ... get-*` prints it; `-` reads standard
    /// input); the others are left out, with a note.
    #[arg(long, value_name = "RESPONSE")]
    pub from: Option<PathBuf>,
    /// Print sensitive values taken from the arguments or the response
    /// (otherwise the skeleton's value stands in their place).
    #[arg(long)]
    pub show_sensitive: bool,
    /// AWS CLI arguments (--account-id a1 --license-type Pro ...) whose
    /// values fill the skeleton, taken as `parse` takes them.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "ARGS")]
    pub args: Vec<String>,
}

/// `schema`'s arguments.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The schema of the response instead of the request.
    #[arg(long)]
    pub output: bool,
    /// Every operation of the service: one OPERATION.schema.json each in
    /// --out-dir, with the VS Code settings that map request files to them.
    #[arg(long, requires = "out_dir", conflicts_with = "operation")]
    pub all: bool,
    /// The directory --all writes to (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<std::path::PathBuf>,
    /// The operation (update-user or UpdateUser).
    #[arg(required_unless_present = "all")]
    pub operation: Option<String>,
}

/// `parse`'s arguments.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Only print the request; do not validate it.
    #[arg(long)]
    pub no_validate: bool,
    /// The operation (update-user or UpdateUser), or `aws` followed by the
    /// service and the operation, as in a shell script.
    pub operation: String,
    /// The arguments you would give `aws SERVICE OPERATION`, taken as they
    /// are: shorthand, JSON, file://, --cli-input-json, ...
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "ARGS")]
    pub args: Vec<String>,
}

/// `validate`'s arguments.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The operation every file is for (default: from each file's name:
    /// update-user.json, UpdateUser.yaml, alice.update-user.json).
    #[arg(long, value_name = "OPERATION")]
    pub operation: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Report CODE as a warning instead of an error (repeatable), e.g. for
    /// constraints a newer service model has relaxed.
    #[arg(long, value_name = "CODE")]
    pub warn: Vec<String>,
    /// Exit 1 when there are findings of this severity or worse.
    #[arg(long, value_enum, default_value_t = FailLevel::Error)]
    pub fail_level: FailLevel,
    /// The name standard input (`-`) is reported as, and whose file name
    /// tells the operation.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Print the JSON Schema of the `--format json` report and exit.
    #[arg(long)]
    pub report_schema: bool,
    /// Never check files this glob matches (repeatable), e.g.
    /// 'requests/drafts/**'.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Report only these codes (comma-separated), e.g. required,unknown.
    #[arg(long, value_name = "CODE,...", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Never report these codes (comma-separated), e.g. pattern.
    #[arg(long, value_name = "CODE,...", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Skip files whose operation cannot be told instead of reporting them
    /// (as files found in directories are); the pre-commit hooks pass it.
    #[arg(long)]
    pub skip_unknown: bool,
    /// Also say which files were skipped, and which service a file was
    /// taken for when none was given.
    #[arg(short, long)]
    pub verbose: bool,
    /// After the report, count the findings by code.
    #[arg(long)]
    pub statistics: bool,
    /// Write the report to FILE instead of standard output (the exit
    /// status still tells the verdict).
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<std::path::PathBuf>,
    /// Show the source line and a caret under each finding (text format),
    /// even when not writing to a terminal.
    #[arg(long, overrides_with = "no_show_source")]
    pub show_source: bool,
    /// Never show source lines.
    #[arg(long, overrides_with = "show_source")]
    pub no_show_source: bool,
    #[command(flatten)]
    pub fixes: FixArgs,
    /// Files (JSON or YAML), directories (searched for *.json, *.yaml, *.yml,
    /// honouring .gitignore and hidden files) or globs ('requests/**/*.json');
    /// `-` reads standard input. Without files, the files the
    /// configuration's `include` globs name.
    #[arg(value_name = "FILE")]
    pub files: Vec<std::path::PathBuf>,
}

/// `lint`'s arguments.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Report CODE as a warning instead of an error (repeatable).
    #[arg(long, value_name = "CODE")]
    pub warn: Vec<String>,
    /// Exit 1 when there are findings of this severity or worse.
    #[arg(long, value_enum, default_value_t = FailLevel::Error)]
    pub fail_level: FailLevel,
    /// The name standard input (`-`) is reported as, and whose name tells
    /// its kind (a shell script when it tells none).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Never read files this glob matches (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Report only these codes (comma-separated).
    #[arg(long, value_name = "CODE,...", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Never report these codes (comma-separated).
    #[arg(long, value_name = "CODE,...", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Also check services whose model the AWS CLI would find: AWS_DATA_PATH,
    /// ~/.aws/models, an installed botocore's data folder.
    #[arg(long)]
    pub aws_models: bool,
    /// Also list the commands not checked (no model for the service, a
    /// service known only at run time) and files that are no script.
    #[arg(short, long)]
    pub verbose: bool,
    /// After the report, count the findings by code.
    #[arg(long)]
    pub statistics: bool,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<std::path::PathBuf>,
    /// Show the source line and a caret under each finding (text format),
    /// even when not writing to a terminal.
    #[arg(long, overrides_with = "no_show_source")]
    pub show_source: bool,
    /// Never show source lines.
    #[arg(long, overrides_with = "show_source")]
    pub no_show_source: bool,
    #[command(flatten)]
    pub fixes: FixArgs,
    /// Shell scripts (*.sh, *.bash, *.zsh, or a shell #! line), Makefiles,
    /// YAML (CI workflows), Dockerfiles and Markdown files, directories
    /// (searched for them, honouring .gitignore) or globs; `-` reads
    /// standard input. Without files, the configuration's folder (or the
    /// working directory) is searched.
    #[arg(value_name = "FILE")]
    pub files: Vec<std::path::PathBuf>,
}

/// `--fix`, `--unsafe-fixes` and `--diff`: the same flags, meaning the
/// same, for `validate` and `lint` (in a script, the fix is an edit of the
/// word that spells the wrong value).
#[derive(Debug, Args)]
pub struct FixArgs {
    /// Apply the safe fixes in place (an enum value in the wrong case, a
    /// YAML 1.1 boolean, a number or boolean written as a string or the
    /// reverse, the earlier of two duplicate keys; in a script, to the
    /// word that spells the value), then report what remains.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// With --fix or --diff, also the fixes that may change meaning (an
    /// enum value or member name one typo away, a misspelt option of a
    /// command, a timestamp rewritten as ISO 8601).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change, write nothing
    /// (exit 1 if there is anything to fix).
    #[arg(long)]
    pub diff: bool,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// `FILE:LINE:COLUMN: error[CODE]: MESSAGE`, then a summary.
    Text,
    /// One JSON report (`--report-schema` prints its schema).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other tools.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

/// `--fail-level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    /// Exit 1 on errors only.
    Error,
    /// Exit 1 on warnings too.
    Warning,
}

/// `skeleton MODE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SkeletonMode {
    /// The request as JSON.
    Input,
    /// The request as commented YAML.
    YamlInput,
    /// A sample response as JSON.
    Output,
}

/// The command line as the completion scripts see it: [`Cli`] with the
/// values only this tool knows offered for completion — the embedded
/// services for `--service`, every embedded operation's CLI name where an
/// OPERATION goes, and the validation codes for `--warn`.
///
/// Parsing does not use this: the arguments stay free text there, so an
/// API name (`UpdateUser`), an operation of a `--model` file or an unknown
/// name still reaches the library, which explains what is wrong (with the
/// closest names) better than clap's `[possible values: ...]` list of 252
/// names would.
pub(crate) fn completion_command() -> clap::Command {
    use clap::builder::{PossibleValue, PossibleValuesParser};

    let services: Vec<PossibleValue> = chime_shape::model::EMBEDDED
        .iter()
        .map(|m| {
            PossibleValue::new(m.name).help(format!("{} operations, API {}", m.operations, m.api_version))
        })
        .collect();
    let operations = operation_values();
    let codes: Vec<PossibleValue> = chime_shape::report::diagnostic::Code::ALL
        .into_iter()
        .map(|code| PossibleValue::new(code.as_str()).help(code.description()))
        .collect();
    let mut parse_operations = operations.clone();
    parse_operations
        .push(PossibleValue::new("aws").help("followed by SERVICE OPERATION, as in a shell script"));

    // `mut_args`, not `mut_arg`: the latter moves the argument to the end,
    // which would put `parse`'s OPERATION after its trailing ARGS.
    let offer = |id: &'static str, values: Vec<PossibleValue>| {
        move |arg: clap::Arg| {
            if arg.get_id() == id { arg.value_parser(PossibleValuesParser::new(values.clone())) } else { arg }
        }
    };
    eager_command()
        .mut_args(offer("service", services))
        .mut_subcommand("skeleton", |c| c.mut_args(offer("operation", operations.clone())))
        .mut_subcommand("describe", |c| c.mut_args(offer("operation", operations.clone())))
        .mut_subcommand("schema", |c| c.mut_args(offer("operation", operations.clone())))
        .mut_subcommand("validate", |c| {
            c.mut_args(offer("operation", operations.clone())).mut_args(offer("warn", codes))
        })
        .mut_subcommand("parse", |c| c.mut_args(offer("operation", parse_operations)))
}

/// Every embedded operation's CLI name, once, sorted, described by the
/// services that have it (`create-meeting` is in two).
fn operation_values() -> Vec<clap::builder::PossibleValue> {
    use chime_shape::model::{EMBEDDED, LoadOptions, load_embedded_with};

    let mut services_of: std::collections::BTreeMap<String, Vec<&str>> = std::collections::BTreeMap::new();
    for embedded in EMBEDDED {
        // An embedded model that does not load (the test suite rules it
        // out) only loses its names from the completions.
        let Ok(model) = load_embedded_with(embedded.name, LoadOptions { documentation: false }) else {
            continue;
        };
        for op in model.operations() {
            services_of.entry(op.cli_name.clone()).or_default().push(embedded.name);
        }
    }
    services_of
        .into_iter()
        // clap takes owned names only with its `string` feature; this
        // process prints one script and exits, so the names may live on.
        .map(|(name, services)| {
            clap::builder::PossibleValue::new(&*String::leak(name)).help(services.join(", "))
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly
pub(crate) mod tests {
    use clap::FromArgMatches;

    use super::*;

    /// What clap makes of `args` with `cmd`: the parsed command line, or
    /// the error as the user would see it (kind, exit code, styled text).
    pub(crate) fn outcome(mut cmd: clap::Command, args: &[&str]) -> String {
        let parsed = cmd
            .try_get_matches_from_mut(std::iter::once("chime-shape").chain(args.iter().copied()))
            .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut cmd)));
        match parsed {
            Ok(cli) => format!("{cli:?}"),
            Err(e) => format!("{:?} {} {}", e.kind(), e.exit_code(), e.render().ansi()),
        }
    }

    /// Every subcommand, parsed with only itself given to clap and with
    /// all of them: the same result, error or help, byte for byte.
    #[test]
    fn a_subcommand_parses_alone_as_among_all() {
        let names: Vec<String> =
            command_for(None).get_subcommands().map(|c| c.get_name().to_owned()).collect();
        assert!(names.len() >= 13, "{names:?}");
        let tails: &[&[&str]] = &[
            &[],
            &["--help"],
            &["-h"],
            &["--version"],
            &["help"],
            &["--bogus"],
            &["--servic", "chime"],
            &["--service", "chime"],
            &["--service"],
            &["--model", "m.json", "--quiet", "--no-config"],
            &["--config", "c.yaml", "--no-config"],
            &["--color", "always", "-q"],
            &["--color", "sometimes"],
            &["--", "--service"],
            &["validate"],
            &["skeleton", "input"],
            &["input", "update-user"],
            &["input", "update-user", "--account-id", "a", "--license-type", "Pro"],
            &["yaml-input", "UpdateUser", "--example", "--required-only"],
            &["update-user", "--account-id", "a", "--service", "chime", "--user-id", "u"],
            &["aws", "chime", "update-user", "--cli-input-json", "file://x.json"],
            &["--format", "json", "a.json", "b.yaml"],
            &["--format", "sarif", "--operation", "update-user", "-"],
            &["--fix", "--diff", "--unsafe-fixes", "a.sh"],
            &["--stdio"],
            &["--output", "get-user"],
            &["bash"],
            &["fish", "zsh"],
            &["enum"],
            &["update-user", "extra", "words"],
        ];
        // Global options before the subcommand: the first five let it be
        // found (and the command pruned); after the others it is not the
        // word found, though another may be (`--color` takes it as its
        // value): whatever is given to clap, the outcome is the same.
        let prefixes: &[(&[&str], bool)] = &[
            (&[], true),
            (&["--service", "chime-sdk-voice"], true),
            (&["-q", "--color=never", "--no-config"], true),
            (&["--model", "m.json", "--config", "c.yaml", "--quiet"], true),
            (&["--service", "skeleton"], true),
            (&["--help"], false),
            (&["-qh"], false),
            (&["--"], false),
            (&["--service", "--quiet"], false),
            (&["--servic", "chime"], false),
            (&["--color"], false),
        ];
        let mut compared = 0;
        for name in &names {
            for (prefix, prunes) in prefixes {
                for tail in tails {
                    let args: Vec<&str> =
                        prefix.iter().copied().chain([name.as_str()]).chain(tail.iter().copied()).collect();
                    let os_args: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
                    let named = named_subcommand(&os_args);
                    if *prunes {
                        assert_eq!(named, Some(name.as_str()), "{args:?}");
                    }
                    let alone = command_for(named);
                    let subcommand = named.is_some_and(<Command as clap::Subcommand>::has_subcommand);
                    let expected = if subcommand { 1 } else { names.len() };
                    assert_eq!(alone.get_subcommands().count(), expected, "{args:?}");
                    assert_eq!(outcome(alone, &args), outcome(command_for(None), &args), "{args:?}");
                    compared += 1;
                }
            }
        }
        assert_eq!(compared, names.len() * prefixes.len() * tails.len());
    }

    /// A first argument that names no subcommand gets them all: the
    /// root's help and its "unrecognized subcommand" list them.
    #[test]
    fn anything_else_gets_every_subcommand() {
        let all = command_for(None).get_subcommands().count();
        for first in [None, Some("help"), Some("--service"), Some("skeletn"), Some("")] {
            assert_eq!(command_for(first).get_subcommands().count(), all, "{first:?}");
        }
        let text = outcome(command_for(Some("skeletn")), &["skeletn"]);
        assert!(text.contains("skeleton"), "{text}");
    }
}
