//! chime-shape: the AWS Chime API, offline, from the botocore service models.
//!
//! The library loads a botocore service model into a typed shape graph
//! ([`model`]) and, from that graph alone, writes the request and response
//! skeletons the AWS CLI writes ([`skeleton`]). The `chime-shape` binary is a
//! thin command-line layer over it.
//!
//! ```
//! use chime_shape::model;
//! use chime_shape::skeleton::{self, Mode};
//!
//! let model = model::embedded("chime").expect("embedded").load()?;
//! let op = model.operation("update-user")?;
//! let text = skeleton::render(&model, op, Mode::Input);
//! assert!(text.starts_with("{\n    \"AccountId\": \"\",\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod check;
pub mod cliargs;
pub mod config;
pub mod describe;
pub mod diagnostic;
pub mod doc;
pub mod doctext;
pub mod model;
pub mod pattern;
pub mod pyjson;
pub mod pynum;
pub mod report;
pub mod schema;
pub mod shorthand;
pub mod skeleton;
pub mod validate;
pub mod value;
