//! JSON values given on the command line (`--x '{"A": 1}'`) and in
//! `--cli-input-json`, read as Python's `json.loads` reads them: object keys
//! in order, a repeated key keeping its first position and its last value,
//! integers exact. Unlike Python we refuse `NaN` and `Infinity`, which are
//! not JSON and which no AWS API accepts.

use crate::doc::{self, Limits};
use crate::python::value::Value;

use super::error::ArgError;
use super::secrecy::Secrecy;

/// Parses `text` into a [`Value`].
///
/// # Errors
///
/// [`ArgError::Json`] naming the option, what is wrong and where; when
/// `secrecy` says the text may hold a sensitive value, only where (the
/// parser's message can quote a word of the text).
pub fn parse(text: &str, option: &str, secrecy: &Secrecy) -> Result<Value, ArgError> {
    let (document, _duplicates) = doc::parse_json(text, &Limits::DEFAULT).map_err(|problem| {
        let position = doc::LineIndex::new(text).position(problem.span.start);
        let input = secrecy.quote(text);
        let what = if input.is_some() { problem.message.as_str() } else { "not well-formed" };
        ArgError::Json {
            option: option.to_owned(),
            message: format!("{what} (line {}, column {})", position.line, position.column),
            input,
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
/// [`ArgError::Yaml`] naming the option, what is wrong and where (only
/// where, when `secrecy` says the text may hold a sensitive value).
pub fn parse_yaml(text: &str, option: &str, secrecy: &Secrecy) -> Result<Value, ArgError> {
    let index = doc::LineIndex::new(text);
    let hide = secrecy.hides(text);
    let error = |problem: &doc::Problem| {
        let position = index.position(problem.span.start);
        let what = if hide {
            "not well-formed (details not shown: the document may hold a sensitive value)"
        } else {
            problem.message.as_str()
        };
        ArgError::Yaml {
            option: option.to_owned(),
            message: format!("{what} (line {}, column {})", position.line, position.column),
        }
    };
    let (document, problems) = doc::parse_yaml(text, &Limits::DEFAULT).map_err(|p| error(&p))?;
    if let Some(problem) = problems.first() {
        return Err(error(problem));
    }
    Ok(Value::from_document(&document, document.root()))
}
