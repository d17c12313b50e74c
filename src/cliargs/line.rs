//! A copied command line, `aws [GLOBALS] SERVICE OPERATION ARGS...`, split
//! into the service, the operation and the arguments the operation's
//! parser reads (the global options among them, as `aws` hands them on).

use super::table::{GLOBAL_OPTIONS, GlobalKind};

/// The parts of an `aws …` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsLine {
    /// The service, e.g. `chime`.
    pub service: String,
    /// The operation, e.g. `update-user`.
    pub operation: String,
    /// The global options written before the service, then everything after
    /// the operation.
    pub args: Vec<String>,
}

/// An `aws` line without a service or an operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    /// Nothing but global options after `aws`.
    #[error("`aws` must be followed by a service and an operation")]
    NoService,
    /// `aws SERVICE` and nothing more.
    #[error("`aws {0}` must be followed by an operation")]
    NoOperation(String),
}

/// Splits `first ARGS...` when `first` is `aws`; `None` when it is not (it
/// is then the operation). A global option that takes a value
/// (in the one table of global options, `table.rs`) takes the next word with it, so `aws --region
/// us-east-1 chime …` finds `chime`.
pub fn split_aws_line(first: &str, args: &[String]) -> Result<Option<AwsLine>, LineError> {
    if first != "aws" {
        return Ok(None);
    }
    let mut globals = Vec::new();
    let mut rest = args.iter();
    let service = loop {
        match rest.next() {
            Some(token) if token.starts_with("--") => {
                globals.push(token.clone());
                let takes_value =
                    GLOBAL_OPTIONS.iter().any(|(name, kind)| name == token && *kind == GlobalKind::Value);
                if takes_value && let Some(value) = rest.next() {
                    globals.push(value.clone());
                }
            }
            Some(service) => break service.clone(),
            None => return Err(LineError::NoService),
        }
    };
    let Some(operation) = rest.next() else { return Err(LineError::NoOperation(service)) };
    globals.extend(rest.cloned());
    Ok(Some(AwsLine { service, operation: operation.clone(), args: globals }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn globals_before_the_service_are_handed_on() {
        let line = split_aws_line("aws", &words("--region us-east-1 --debug chime update-user --user-id u"));
        assert_eq!(
            line,
            Ok(Some(AwsLine {
                service: "chime".into(),
                operation: "update-user".into(),
                args: words("--region us-east-1 --debug --user-id u"),
            }))
        );
        assert_eq!(split_aws_line("update-user", &[]), Ok(None));
        assert_eq!(split_aws_line("aws", &words("--region x")), Err(LineError::NoService));
        assert_eq!(split_aws_line("aws", &words("chime")), Err(LineError::NoOperation("chime".into())));
    }
}
