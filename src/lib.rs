//! chime-shape: AWS Chime API requests, offline, from the botocore service
//! models.
//!
//! The library does what the AWS CLI does with a request before it sends
//! it — without network, credentials or Python — and checks more than the
//! CLI does. Every feature walks one typed shape graph, [`model::Model`],
//! loaded from a botocore `service-2.json`: the six Chime-family models are
//! embedded ([`model::load_embedded`]); any other file loads with
//! [`model::Model::from_path`].
//!
//! # Skeletons
//!
//! ```
//! use chime_shape::model;
//! use chime_shape::skeleton::{self, Mode};
//!
//! let model = model::load_embedded("chime")?;
//! let op = model.operation("update-user")?; // or "UpdateUser"
//! let json = skeleton::render(&model, op, Mode::Input);
//! assert!(json.starts_with("{\n    \"AccountId\": \"\",\n"));
//! let yaml = skeleton::render(&model, op, Mode::YamlInput);
//! assert!(yaml.starts_with("AccountId: ''  # [REQUIRED] The Amazon Chime account ID.\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Shorthand and command lines
//!
//! [`shorthand::parse`] is the CLI's shorthand grammar alone;
//! [`cliargs::parse_arguments`] turns a whole argument list into the request,
//! typed by the model:
//!
//! ```
//! use chime_shape::cliargs::{self, SystemEnvironment};
//! use chime_shape::model;
//! use chime_shape::shorthand::{self, Shorthand};
//!
//! let parsed = shorthand::parse("Key=a,Values=[b,c]")?;
//! assert_eq!(parsed.get("Values").and_then(Shorthand::as_list).map(<[Shorthand]>::len), Some(2));
//!
//! let model = model::load_embedded("chime-sdk-meetings")?;
//! let op = model.operation("create-meeting")?;
//! let args: Vec<String> = ["--media-region", "us-east-1", "--external-meeting-id", "m1",
//!     "--meeting-features", "Attendee={MaxCount=5}"].iter().map(|s| s.to_string()).collect();
//! let request = cliargs::parse_arguments(&model, op, &args, &SystemEnvironment)?;
//! let count = request.params.get("MeetingFeatures").and_then(|f| f.get("Attendee")).and_then(|a| a.get("MaxCount"));
//! assert_eq!(count.map(|v| v.python_type()), Some("int"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Validation
//!
//! A [`validate::Validator`] is built once per model and reused (compiled
//! patterns are cached in it). [`validate::file::check_bytes`] parses a JSON
//! or YAML document with positions, validates it, and locates every finding:
//!
//! ```
//! use chime_shape::doc::Limits;
//! use chime_shape::model;
//! use chime_shape::report::diagnostic::Code;
//! use chime_shape::validate::Validator;
//! use chime_shape::validate::file::{InputFormat, check_bytes};
//!
//! let model = model::load_embedded("chime")?;
//! let validator = Validator::new(&model);
//! let op = model.operation("update-user")?;
//! let yaml = b"AccountId: a1\nUserId: bob\nLicenseType: Platinum\n";
//! let report = check_bytes(&validator, op, "bob.yaml", yaml, InputFormat::Yaml, &Limits::DEFAULT);
//! assert!(!report.valid);
//! let finding = &report.diagnostics[0];
//! assert_eq!((finding.code, finding.path.as_str(), finding.line, finding.column), (Code::Enum, "/LicenseType", 3, 14));
//! assert_eq!(finding.message, "\"Platinum\" is not one of Basic, Plus, Pro, ProTrial");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # A repository's request files
//!
//! `validate::project::check_paths` (feature `project`) is the whole
//! `validate` command as one call: paths (files, directories walked the way
//! ripgrep walks them, globs) and the configuration in, a
//! [`report::Report`] out. The command line's interface is described in
//! `docs/interface.md`.
//!
//! # Features
//!
//! `default-features = false` gives parsing, validation, skeletons,
//! schemas and reports with nine small dependencies. `project` adds
//! `validate::config` and `validate::project` (globset, ignore), with
//! `parallel` (rayon); `report-schema` adds `Report::schema()` (schemars);
//! `cli` (the default) is the command line and all of the above.
//!
//! # Layout
//!
//! One folder per idea, listed below in the order data flows: a model and
//! a request come in, are parsed, validated, reported; the generators
//! (skeleton, describe, schema) read the model alone. Where things belong:
//! a new check of a value against the model goes in [`validate`] (the walk)
//! with its code in [`report::diagnostic`]; a new output format in
//! [`report`]; a new AWS CLI behaviour in [`cliargs`] (or [`shorthand`],
//! [`python`] for what copies Python); a new input kind (a new way to find
//! requests) next to [`validate::file`] and the pipelines in [`validate`],
//! or in a sibling folder as `lint/` (command lines in scripts) will be;
//! fixes (`fix/`) and the language server (`lsp/`) are further folders that
//! use these. The binary (`src/cli/`) only parses arguments and dispatches.

// No unsafe code in the library, whatever a module allows (the crate's
// lint table only denies it, for the binary's process entry).
#![forbid(unsafe_code)]

// Lets code shared with the integration tests (`tests/oracles/`) name this
// crate `chime_shape` inside its unit tests too.
#[cfg(test)]
extern crate self as chime_shape;

// The clock of the unit tests' time budgets: CPU time, not wall time.
#[cfg(test)]
mod test_clock;

// Escaping of untrusted text before it is printed; bounded reads of regular files.
pub mod guard;

// The botocore shape graph: loading, linking, the embedded models, documentation.
pub mod model;

// Request documents (JSON and YAML) parsed with spans, limits and problems.
pub mod doc;

// Python compatibility: the request value, `json.dumps`, `int()`/`float()`.
pub mod python;

// Model patterns with ECMA-262 meaning, on a bounded engine.
pub mod pattern;

// The AWS CLI's shorthand syntax.
pub mod shorthand;

// AWS CLI argument lists (and `aws …` lines) into requests; where their findings are.
pub mod awscli;

pub mod cliargs;

// Validation: the walk, one file, many files, the configuration.
pub mod validate;

// Findings, codes and severities, colour, and every renderer.
pub mod report;

// Fixes: edits spliced into new contents, unified diffs, atomic writes.
pub mod fix;

// `--generate-cli-skeleton`: input, yaml-input and output skeletons.
pub mod skeleton;

// An operation's reference page, as the AWS CLI's help shows it.
pub mod describe;

// JSON Schema export of an operation's input or output.
pub mod schema;

// The `aws` command lines inside shell scripts, Makefiles, CI YAML,
// Dockerfiles and Markdown: where they are, and their words (feature `lint`).
#[cfg(feature = "lint")]
pub mod script;

// A slice mapped on all cores, or in order without the `parallel` feature.
#[cfg(feature = "lint")]
mod parallel;

// `lint`: those command lines checked as `parse` checks one (feature `lint`).
#[cfg(feature = "lint")]
pub mod lint;

// `chime-shape lsp`: the language server over stdio (feature `lsp`).
#[cfg(feature = "lsp")]
pub mod lsp;
