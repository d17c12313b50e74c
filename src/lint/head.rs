//! The head of an `aws` command: the global options, the service and the
//! operation, told apart as the CLI's top-level parser tells them.

use crate::cliargs::{GLOBAL_OPTIONS, GlobalKind};

use super::cli_commands::{CUSTOM_COMMANDS, NOT_SERVICES};

use super::Command;

/// What an `aws …` command is, before any model is consulted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Head {
    /// `aws [GLOBALS] SERVICE OPERATION ARGS…`.
    Call {
        /// The service as written (`chime`).
        service: String,
        /// Index of the service's word.
        service_word: usize,
        /// Index of the operation's word (its value is known).
        operation_word: usize,
        /// The words the operation's parser reads, as indices: the global
        /// options before the service, then everything after the operation
        /// (as `aws` hands them on).
        args: Vec<usize>,
    },
    /// A command that is no model operation (`aws configure`, `aws s3 cp`,
    /// `aws chime help`, `aws --version`): nothing to check.
    NotAnOperation,
    /// The service or the operation is known only at run time (`aws
    /// $SERVICE …`), or missing: counted as skipped, with why.
    Unknown(&'static str),
}

/// Commands of the AWS CLI that are no service of a model.
const CLI_COMMANDS: &[&str] =
    &["configure", "help", "history", "s3", "ddb", "cli-dev", "sso", "login", "logout"];

/// Splits `command` into its head and the operation's arguments.
#[must_use]
pub fn head(command: &Command) -> Head {
    let words = &command.words;
    let mut globals = Vec::new();
    let mut i = 0;
    let service_word = loop {
        // `aws` alone, or `aws --version`: nothing of a model.
        let Some(word) = words.get(i) else { return Head::NotAnOperation };
        let Some(value) = &word.value else {
            return Head::Unknown("the service is known only at run time");
        };
        if !value.starts_with('-') {
            break i;
        }
        globals.push(i);
        i += 1;
        if value.contains('=') {
            continue;
        }
        let takes_value =
            GLOBAL_OPTIONS.iter().any(|(name, kind)| name == value && *kind == GlobalKind::Value);
        if takes_value && i < words.len() {
            globals.push(i);
            i += 1;
        }
    };
    let service = words.get(service_word).and_then(|w| w.value.clone()).unwrap_or_default();
    if CLI_COMMANDS.contains(&service.as_str()) || NOT_SERVICES.contains(&service.as_str()) {
        return Head::NotAnOperation;
    }
    // `aws chime --region us-east-1 get-account`: the CLI's parser takes
    // global options between the service and the operation too.
    let mut operation_word = service_word + 1;
    while let Some(Some(value)) = words.get(operation_word).map(|w| w.value.as_deref()) {
        if !value.starts_with('-') {
            break;
        }
        globals.push(operation_word);
        operation_word += 1;
        let takes_value =
            GLOBAL_OPTIONS.iter().any(|(name, kind)| *name == value && *kind == GlobalKind::Value);
        if takes_value && !value.contains('=') && operation_word < words.len() {
            globals.push(operation_word);
            operation_word += 1;
        }
    }
    // `aws chime get-user help` shows the help page (the CLI looks at the
    // last word).
    if words.last().and_then(|w| w.value.as_deref()) == Some("help") {
        return Head::NotAnOperation;
    }
    match words.get(operation_word).map(|w| w.value.as_deref()) {
        None => Head::Unknown("no operation follows the service"),
        Some(None) => Head::Unknown("the operation is known only at run time"),
        Some(Some("help" | "wait")) => Head::NotAnOperation,
        Some(Some(operation)) if custom_command(&service, operation) => Head::NotAnOperation,
        Some(Some(_)) => {
            let args = globals.into_iter().chain(operation_word + 1..words.len()).collect();
            Head::Call { service, service_word, operation_word, args }
        }
    }
}

/// Whether `aws SERVICE OPERATION` is a command the AWS CLI adds to the
/// service (`cloudformation deploy`, `emr create-cluster`).
fn custom_command(service: &str, operation: &str) -> bool {
    CUSTOM_COMMANDS.iter().any(|(s, commands)| *s == service && commands.contains(&operation))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{Invocation, Word};

    fn command(words: &[Option<&str>]) -> Command {
        let mut at = 4;
        let words = words
            .iter()
            .map(|w| {
                let word = match w {
                    Some(v) => Word::literal(v, at),
                    None => Word { span: at..at + 2, value: None, map: crate::script::OffsetMap::new() },
                };
                at = word.span.end + 1;
                word
            })
            .collect();
        Invocation { aws: Word::literal("aws", 0), words, open: false }
    }

    #[test]
    fn globals_before_the_service_are_handed_on() {
        let c = command(&[
            Some("--region"),
            Some("us-east-1"),
            Some("--debug"),
            Some("chime"),
            Some("get-user"),
            Some("--user-id"),
            Some("u"),
        ]);
        assert_eq!(
            head(&c),
            Head::Call {
                service: "chime".into(),
                service_word: 3,
                operation_word: 4,
                args: vec![0, 1, 2, 5, 6]
            }
        );
        let c = command(&[Some("--output=json"), Some("chime"), Some("get-user")]);
        assert!(matches!(head(&c), Head::Call { service_word: 1, .. }));
        let c = command(&[
            Some("chime"),
            Some("--region"),
            Some("r"),
            Some("--debug"),
            Some("get-user"),
            Some("--x"),
        ]);
        assert_eq!(
            head(&c),
            Head::Call {
                service: "chime".into(),
                service_word: 0,
                operation_word: 4,
                args: vec![1, 2, 3, 5]
            }
        );
    }

    #[test]
    fn what_is_not_an_operation_is_told() {
        for words in [
            &[Some("configure"), Some("set")][..],
            &[Some("s3"), Some("cp")],
            &[Some("chime"), Some("help")],
            &[Some("--version")],
        ] {
            assert_eq!(head(&command(words)), Head::NotAnOperation, "{words:?}");
        }
        assert!(matches!(head(&command(&[None, Some("list-users")])), Head::Unknown(_)));
        assert!(matches!(head(&command(&[Some("chime"), None])), Head::Unknown(_)));
        assert!(matches!(head(&command(&[Some("chime")])), Head::Unknown(_)));
    }
}
