//! JSON values given on the command line (`--x '{"A": 1}'`) and in
//! `--cli-input-json`, read as Python's `json.loads` reads them: object keys
//! in order, a repeated key keeping its first position and its last value,
//! integers exact. Unlike Python we refuse `NaN` and `Infinity`, which are
//! not JSON and which no AWS API accepts.

use crate::doc::{self, Limits};
use crate::value::Value;

use super::error::ArgError;

/// Parses `text` into a [`Value`].
///
/// # Errors
///
/// [`ArgError::Json`] naming the option, what is wrong and where.
pub fn parse(text: &str, option: &str) -> Result<Value, ArgError> {
    let (document, _duplicates) = doc::parse_json(text, &Limits::DEFAULT).map_err(|problem| {
        let position = doc::LineIndex::new(text).position(problem.span.start);
        ArgError::Json {
            option: option.to_owned(),
            message: format!("{} (line {}, column {})", problem.message, position.line, position.column),
            input: text.to_owned(),
        }
    })?;
    Ok(Value::from_document(&document, document.root()))
}

/// Parses a YAML input document as AWS CLI v2 reads `--cli-input-yaml`
/// (YAML 1.2; what ruamel refuses -- duplicate keys, unknown tags -- is
/// refused).
///
/// # Errors
///
/// [`ArgError::Yaml`] naming the option, what is wrong and where.
pub fn parse_yaml(text: &str, option: &str) -> Result<Value, ArgError> {
    let index = doc::LineIndex::new(text);
    let error = |problem: &doc::Problem| {
        let position = index.position(problem.span.start);
        ArgError::Yaml {
            option: option.to_owned(),
            message: format!("{} (line {}, column {})", problem.message, position.line, position.column),
        }
    };
    let (document, problems) = doc::parse_yaml(text, &Limits::DEFAULT).map_err(|p| error(&p))?;
    if let Some(problem) = problems.first() {
        return Err(error(problem));
    }
    Ok(Value::from_document(&document, document.root()))
}
