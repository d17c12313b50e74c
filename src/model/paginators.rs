//! botocore's paginator definitions (`paginators-1.json`): which operations
//! the AWS CLI pages through, and with which input members. The CLI turns
//! `--starting-token`, `--page-size` and `--max-items` of those operations
//! into `PaginationConfig`, and turns paging off when a token member is
//! given (`awscli/customizations/paginate.py`); `cliargs` does the same
//! with what is kept here.
//!
//! For `--model FILE` the definitions are read from `paginators-1.json` in
//! the same folder, as botocore's data layout has them; the Chime family's
//! are embedded (`models/`, recorded in `models/manifest.json`).

use std::collections::HashMap;
use std::path::Path;

use crate::guard::fsread;

use super::error::ModelError;

/// At most this many bytes of a `paginators-1.json` are read (the largest
/// botocore ships is under 100 KiB).
const MAX_PAGINATORS_BYTES: u64 = 8 * 1024 * 1024;

/// The paging inputs of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paginator {
    /// The members that carry the continuation token(s) in.
    pub input_tokens: Vec<String>,
    /// The member that limits a page's size, if the operation has one.
    pub limit_key: Option<String>,
}

/// The paginators of a service, by operation API name.
#[derive(Debug, Clone, Default)]
pub struct Paginators {
    by_operation: HashMap<String, Paginator>,
    /// Read from a file (possibly paging nothing), rather than absent.
    known: bool,
}

impl Paginators {
    /// Reads a `paginators-1.json` text.
    ///
    /// # Errors
    ///
    /// [`ModelError::Structure`] when it is not such a document; `origin`
    /// names it.
    pub fn from_json(text: &str, origin: &str) -> Result<Paginators, ModelError> {
        let structure = |message: String| ModelError::Structure { origin: origin.to_owned(), message };
        let document: serde_json::Value =
            serde_json::from_str(text).map_err(|e| structure(format!("paginators: {e}")))?;
        let Some(pagination) = document.get("pagination").and_then(serde_json::Value::as_object) else {
            return Err(structure("paginators: no `pagination` object".to_owned()));
        };
        let mut by_operation = HashMap::new();
        for (operation, config) in pagination {
            let input_tokens = match config.get("input_token") {
                Some(serde_json::Value::String(token)) => vec![token.clone()],
                Some(serde_json::Value::Array(tokens)) => {
                    tokens.iter().filter_map(serde_json::Value::as_str).map(str::to_owned).collect()
                }
                _ => Vec::new(),
            };
            let limit_key = config.get("limit_key").and_then(serde_json::Value::as_str).map(str::to_owned);
            by_operation.insert(operation.clone(), Paginator { input_tokens, limit_key });
        }
        Ok(Paginators { by_operation, known: true })
    }

    /// The `paginators-1.json` beside a model file, if there is one.
    ///
    /// # Errors
    ///
    /// A file that is there but cannot be read or is no paginator document.
    pub fn beside(model: &Path) -> Result<Paginators, ModelError> {
        let path = model.with_file_name("paginators-1.json");
        if !path.exists() {
            return Ok(Paginators::default());
        }
        let bytes = fsread::read_regular(&path, MAX_PAGINATORS_BYTES)
            .map_err(|source| ModelError::Io { path: path.clone(), source })?;
        let text = String::from_utf8_lossy(&bytes);
        Paginators::from_json(&text, &path.display().to_string())
    }

    /// The paginator of the operation with API name `operation`.
    #[must_use]
    pub fn get(&self, operation: &str) -> Option<&Paginator> {
        self.by_operation.get(operation)
    }

    /// Whether the definitions were read (from a file that may page
    /// nothing): then an operation without a paginator is not paged.
    #[must_use]
    pub fn is_known(&self) -> bool {
        self.known
    }

    /// Whether no operation is paginated (or nothing was loaded).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.by_operation.is_empty()
    }
}

include!(concat!(env!("OUT_DIR"), "/paginators_table.rs"));

/// The embedded paginators of the Chime-family service `name`.
///
/// # Errors
///
/// Only if an embedded file is broken, which the tests rule out.
pub fn embedded_paginators(name: &str) -> Result<Paginators, ModelError> {
    match EMBEDDED_PAGINATORS.iter().find(|(service, _)| *service == name) {
        Some((service, text)) => Paginators::from_json(text, &format!("embedded {service} paginators")),
        None => Ok(Paginators::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tokens_and_limit_keys() {
        let p = Paginators::from_json(
            r#"{"pagination": {"ListA": {"input_token": "NextToken", "limit_key": "MaxResults",
                "output_token": "NextToken", "result_key": "A"},
                "ListB": {"input_token": ["Marker", "Id"], "output_token": ["M", "I"], "result_key": "B"}}}"#,
            "t",
        )
        .unwrap();
        assert_eq!(p.get("ListA").unwrap().limit_key.as_deref(), Some("MaxResults"));
        assert_eq!(p.get("ListB").unwrap().input_tokens, ["Marker", "Id"]);
        assert!(p.get("ListC").is_none());
        assert!(Paginators::from_json("[]", "t").is_err());
    }

    #[test]
    fn every_embedded_service_has_its_paginators() {
        // Some services page nothing (`{"pagination": {}}`), but every one
        // has its file.
        for model in super::super::EMBEDDED {
            assert!(EMBEDDED_PAGINATORS.iter().any(|(s, _)| *s == model.name), "{}", model.name);
            embedded_paginators(model.name).unwrap();
        }
        assert!(embedded_paginators("chime").unwrap().get("ListAccounts").is_some());
    }
}
