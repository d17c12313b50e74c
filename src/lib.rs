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
//! patterns are cached in it). [`file::check_bytes`] parses a JSON or YAML
//! document with positions, validates it, and locates every finding:
//!
//! ```
//! use chime_shape::validate::file::{InputFormat, check_bytes};
//! use chime_shape::report::diagnostic::Code;
//! use chime_shape::doc::Limits;
//! use chime_shape::model;
//! use chime_shape::validate::Validator;
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
//! [`project::check_paths`] is the whole `validate` command as one call:
//! paths (files, directories walked the way ripgrep walks them, globs) and
//! the configuration in, a [`report::Report`] out; see its module.
//!
//! # Features
//!
//! `default-features = false` gives parsing, validation, skeletons,
//! schemas and reports with nine small dependencies. `project` adds
//! [`config`] and [`project`] (globset, ignore), with `parallel` (rayon);
//! `report-schema` adds `Report::schema()` (schemars); `cli` (the default)
//! is the command line and all of the above.
//!
//! The modules, from the bottom up: [`model`] (the shape graph), [`doc`]
//! (JSON and YAML with spans), [`pattern`] (model patterns with ECMA-262
//! meaning), [`shorthand`], [`cliargs`], [`validate`], [`check`],
//! [`report`] (text, JSON, SARIF, GitHub), [`skeleton`], [`describe`],
//! [`schema`] (JSON Schema export), [`config`] (`.chime-shape.yaml`),
//! [`project`] (paths to a report), and the guards every output and read
//! goes through: [`sanitize`] (escaping untrusted text) and [`fsread`]
//! (bounded reads of regular files).

// Lets code shared with the integration tests (`tests/oracles/`) name this
// crate `chime_shape` inside its unit tests too.
#[cfg(test)]
extern crate self as chime_shape;

pub mod cliargs;
pub mod describe;
pub mod doc;
pub mod guard;
pub mod model;
pub mod pattern;
pub mod python;
pub mod report;
pub mod schema;
pub mod shorthand;
pub mod skeleton;
pub mod validate;
