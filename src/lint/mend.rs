//! Fixes of `aws` command lines: a finding's one right answer written into
//! the word of the script that holds the wrong text.
//!
//! Two kinds of finding carry one:
//!
//! - a validation finding whose fix the validator computed (an enum value
//!   in the wrong case, a misspelt member name, …). That fix is an edit of
//!   the request as `parse` prints it; here it is read back as what it
//!   changes — the value at the finding's pointer, or the key — and
//!   written where the script spells that value: the whole word for a
//!   plain option value, the JSON token inside a JSON value, the text after
//!   `Key=` inside shorthand, each in the form that syntax wants;
//! - an `unknown-option` whose unknown `--name`s each have exactly one
//!   option of the operation within two typos: renamed (unsafe).
//!
//! A fix is kept only when it is certain to do what it says: the edit is
//! exact in the file (`literal.rs`), and the argument list with the new
//! word gives exactly the request intended (the same request with that
//! one value or key changed, or, for a renamed option, one the parser
//! accepts) with the finding gone and no new one. Placing findings may
//! approximate (`place.rs` finds shorthand keys by name); fixing may not,
//! and this check is what makes a guess impossible to apply.

use std::ops::Range;

use crate::cliargs::{self, ArgError, Checked, Environment, Origin, ParsedRequest};
use crate::doc::{self, Document, Limits, Span, escape_pointer_token, unescape_pointer_token};
use crate::fix::Fix;
use crate::model::{Model, Operation, levenshtein};
use crate::python::value::Value;
use crate::report::diagnostic::{Code, Diagnostic};
use crate::script::Word;
use crate::validate::{SENSITIVE_TOKEN, Validator};

use super::{literal, place};

/// The most typos between an unknown option and the one it is renamed to.
const OPTION_TYPOS: usize = 2;

/// Bytes of argument text one command's fixes may go through in all. Each
/// fix parses the value it edits and the whole argument list again, so a
/// command with a 2 MB JSON value and a thousand fixable findings in it
/// would cost thousands of parses; past this, its remaining findings get
/// no fix.
pub(super) const RECHECK_BYTES: usize = 32 << 20;

/// One command's arguments, as they were checked: what a fix is made from
/// and re-checked against.
pub(super) struct Mender<'a> {
    pub model: &'a Model,
    pub operation: &'a Operation,
    pub validator: &'a Validator<'a>,
    pub env: &'a dyn Environment,
    /// The whole file's text (the words' spans are offsets into it).
    pub file: &'a str,
    /// The argument words, in the parser's order.
    pub words: &'a [&'a Word],
    /// Their values as given to the parser (`None`: known only at run
    /// time; a missing `file://` counts so), plus a trailing `None` when
    /// more words may be appended.
    pub values: &'a [Option<String>],
    /// More words may be appended at run time.
    pub open: bool,
    /// Spans of this command that hold secrets: never edited.
    pub sensitive: &'a [Span],
    /// Bytes left to re-check ([`RECHECK_BYTES`] to start with).
    pub budget: std::cell::Cell<usize>,
}

/// What a validator fix changes in the request.
enum Change {
    /// The value at the pointer becomes this (a scalar), written in JSON
    /// as the validator wrote it.
    Value(Value, String),
    /// The last key of the pointer is renamed to this.
    Key(String),
}

/// How a value is written in its word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// The word (after `--opt=`) is the value itself.
    Plain,
    /// A token of a JSON text.
    Json,
    /// A key or value of a shorthand text.
    Shorthand,
}

impl Mender<'_> {
    /// The fix of validation finding `d` of `request` (checked as
    /// `checked`; `found` are all the findings of the request), written
    /// into the script, or `None`.
    pub(super) fn value_fix(
        &self,
        d: &Diagnostic,
        document: &Document,
        request: &ParsedRequest,
        checked: &Checked,
        found: &[Diagnostic],
    ) -> Option<Fix> {
        let applicability = d.fix.as_ref()?.applicability;
        self.afford()?;
        let (tokens, change) = change(d, document)?;
        let key = matches!(change, Change::Key(_));
        let (word, range, form) = self.spot(&tokens, key, request, checked)?;
        let w = self.words.get(word)?;
        let old = w.value.as_deref()?.get(range.clone())?;
        let text = render(&change, form, old)?;
        let edit = literal::edit(self.file, w, range.clone(), &text, self.sensitive)?;
        let expected = expected(&request.params, &tokens, change)?;
        let mut values = self.values.to_vec();
        let new_word = replaced(w.value.as_deref()?, range, &text)?;
        *values.get_mut(word)? = Some(new_word);
        let after = self.recheck(&values);
        let request = after.outcome.ok()?;
        if request.params != expected {
            return None;
        }
        let after = self.validator.validate(self.operation, &request.params.to_document()?);
        no_new_findings(found, d, &after).then(|| Fix::new(applicability, vec![edit]))
    }

    /// The rename of every unknown `--option` of an `unknown-option`
    /// finding to the one option of the operation it is close to, when
    /// each has exactly one and the parser then accepts the options.
    pub(super) fn option_fix(&self, error: &ArgError, checked: &Checked) -> Option<Fix> {
        let ArgError::UnknownOptions { suggestions, .. } = error else { return None };
        self.afford()?;
        let table = cliargs::argument_table(self.model, self.operation);
        let mut edits = Vec::new();
        let mut values = self.values.to_vec();
        for &i in &checked.strays {
            let w = self.words.get(i)?;
            let value = w.value.as_deref()?;
            if !value.starts_with("--") || value.len() <= 2 {
                continue;
            }
            let name = value.split_once('=').map_or(value, |(n, _)| n);
            let mut close: Vec<&str> = table
                .iter()
                .map(|s| s.option.as_str())
                .filter(|o| {
                    o.len().abs_diff(name.len()) <= OPTION_TYPOS && levenshtein(name, o) <= OPTION_TYPOS
                })
                .collect();
            close.sort_unstable();
            close.dedup();
            let [best] = close.as_slice() else { return None };
            // The message names the closest option: the fix must agree.
            if suggestions.iter().any(|(given, s)| given == name && s != best) {
                return None;
            }
            edits.push(literal::edit(self.file, w, 0..name.len(), best, self.sensitive)?);
            *values.get_mut(i)? = Some(format!("{best}{}", value.get(name.len()..)?));
        }
        if edits.is_empty() {
            return None;
        }
        let after = self.recheck(&values);
        let accepted =
            !matches!(after.outcome, Err(ArgError::UnknownOptions { .. } | ArgError::Ambiguous { .. }));
        (accepted && after.repeated().len() <= checked.repeated().len()).then(|| Fix::unsafe_edits(edits))
    }

    /// Takes one fix's work (finding the value in the words, parsing and
    /// validating the arguments again: about the size of the arguments,
    /// twice) from the budget; `None` when it is spent.
    fn afford(&self) -> Option<()> {
        let cost = self.values.iter().flatten().map(String::len).sum::<usize>().saturating_mul(2);
        let left = self.budget.get().checked_sub(cost)?;
        self.budget.set(left);
        Some(())
    }

    /// The arguments `values` checked as the command's were.
    fn recheck(&self, values: &[Option<String>]) -> Checked {
        cliargs::check_arguments(self.model, self.operation, values, self.open, self.env)
    }

    /// Where the value (or, for `key`, the key) at `tokens` is written:
    /// the index of its word, the byte range in the word's value, and its
    /// form. Only what is certain: one word per value, no `file://`, and
    /// JSON or shorthand text where the pointer goes inside a value.
    fn spot(
        &self,
        tokens: &[String],
        key: bool,
        request: &ParsedRequest,
        checked: &Checked,
    ) -> Option<(usize, Range<usize>, Form)> {
        let member = tokens.first()?;
        let origin = request.origins.iter().find(|(k, _)| k == member).map(|(_, o)| o)?;
        let (placed, rest, document) = match origin {
            Origin::Option { index, .. } => {
                (checked.placed.iter().find(|p| p.index == *index)?, tokens.get(1..)?, false)
            }
            // An inline `--cli-input-json` text (not YAML, not a file).
            Origin::InputDocument => {
                let input = request.input_document.as_ref()?;
                if input.yaml || input.path.is_some() {
                    return None;
                }
                (checked.placed.iter().rev().find(|p| p.member.is_empty())?, tokens, true)
            }
        };
        let item = rest.first().and_then(|t| t.parse::<usize>().ok());
        let (word, rest) = match (placed.values.as_slice(), item) {
            // A list option given as several words: one item each.
            ([_, _, ..], Some(item)) if !document => (*placed.values.get(item)?, rest.get(1..)?),
            ([one], _) => (*one, rest),
            _ => return None,
        };
        let value = self.words.get(word)?.value.as_deref()?;
        let skip = if word == placed.index { value.find('=')? + 1 } else { 0 };
        let part = value.get(skip..)?;
        if part.starts_with("file://") || part.starts_with("fileb://") {
            return None;
        }
        let (range, form) = if rest.is_empty() {
            if key || document {
                return None;
            }
            (0..part.len(), Form::Plain)
        } else if part.trim_start().starts_with(['{', '[']) {
            (place::json_pointer_at(part, rest, key)?, Form::Json)
        } else if document {
            return None;
        } else {
            (place::shorthand_key_at(part, rest, key)?, Form::Shorthand)
        };
        Some((word, skip + range.start..skip + range.end, form))
    }
}

/// What the validator's fix of `d` changes, read from its edit of the
/// printed request `document`: the value at the pointer (the edit covers
/// the value) or its key (the edit covers the key). Anything else — more
/// than one edit, a pointer through a sensitive value, an edit elsewhere —
/// is not understood, so not carried over.
fn change(d: &Diagnostic, document: &Document) -> Option<(Vec<String>, Change)> {
    let [edit] = d.fix.as_ref()?.edits.as_slice() else { return None };
    let tokens: Vec<String> =
        d.pointer.split('/').skip(1).map(unescape_pointer_token).collect::<Option<_>>()?;
    if tokens.iter().any(|t| t == SENSITIVE_TOKEN) {
        return None;
    }
    let span = Span::new(edit.start, edit.end);
    if document.pointer(&d.pointer).is_some_and(|id| document.node(id).span == span) {
        let (new, _) = doc::parse_json(&edit.replacement, &Limits::DEFAULT).ok()?;
        let value = Value::from_document(&new, new.root());
        if matches!(value, Value::List(_) | Value::Map(_)) {
            return None;
        }
        return Some((tokens, Change::Value(value, edit.replacement.clone())));
    }
    let (last, parent) = tokens.split_last()?;
    let parent: String = parent.iter().map(|t| format!("/{}", escape_pointer_token(t))).collect();
    let entry = document.entry(document.pointer(&parent)?, last)?;
    if entry.key_span != span {
        return None;
    }
    let key: String = serde_json::from_str(&edit.replacement).ok()?;
    Some((tokens, Change::Key(key)))
}

/// The text to write in place of `old`, the value's (or key's) text in its
/// form: JSON as JSON, shorthand and plain values as the bare string.
/// Shorthand is written only where old and new need no quoting in it.
fn render(change: &Change, form: Form, old: &str) -> Option<String> {
    let bare = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'/' | b'+'))
    };
    match (change, form) {
        (Change::Value(_, json), Form::Json) => Some(json.clone()),
        (Change::Value(Value::String(s), _), Form::Plain) => Some(s.clone()),
        (Change::Value(Value::String(s), _), Form::Shorthand) => (bare(s) && bare(old)).then(|| s.clone()),
        (Change::Key(k), Form::Json) => serde_json::to_string(k).ok(),
        (Change::Key(k), Form::Shorthand) => (bare(k) && bare(old)).then(|| k.clone()),
        _ => None,
    }
}

/// `params` with `change` made at `tokens`.
fn expected(params: &Value, tokens: &[String], change: Change) -> Option<Value> {
    let mut params = params.clone();
    match change {
        Change::Value(value, _) => *at_mut(&mut params, tokens)? = value,
        Change::Key(key) => {
            let (last, parent) = tokens.split_last()?;
            let Value::Map(entries) = at_mut(&mut params, parent)? else { return None };
            let entry = entries.iter_mut().find(|(k, _)| k == last)?;
            entry.0 = key;
        }
    }
    Some(params)
}

/// The value at `tokens` inside `value`.
fn at_mut<'v>(value: &'v mut Value, tokens: &[String]) -> Option<&'v mut Value> {
    let Some((first, rest)) = tokens.split_first() else { return Some(value) };
    let child = match value {
        Value::Map(entries) => entries.iter_mut().find(|(k, _)| k == first).map(|(_, v)| v)?,
        Value::List(items) => items.get_mut(first.parse::<usize>().ok()?)?,
        _ => return None,
    };
    at_mut(child, rest)
}

/// `value` with bytes `range` replaced by `text`.
fn replaced(value: &str, range: Range<usize>, text: &str) -> Option<String> {
    Some(format!("{}{text}{}", value.get(..range.start)?, value.get(range.end..)?))
}

/// Whether every finding of `after` was already among `before`, other
/// than `fixed` (compared by code and pointer): the fix cleared its finding
/// and brought none.
fn no_new_findings(before: &[Diagnostic], fixed: &Diagnostic, after: &[Diagnostic]) -> bool {
    let mut pool: Vec<(Code, &str)> = before.iter().map(|d| (d.code, d.pointer.as_str())).collect();
    let Some(at) = pool.iter().position(|&p| p == (fixed.code, fixed.pointer.as_str())) else { return false };
    pool.swap_remove(at);
    after.iter().all(|d| match pool.iter().position(|&p| p == (d.code, d.pointer.as_str())) {
        Some(at) => {
            pool.swap_remove(at);
            true
        }
        None => false,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::fix::Applicability;
    use crate::lint::{LintContext, ModelSearch, Services, check_commands, read_commands};
    use crate::script::host::Kind;

    /// Each finding of the shell script `text`: its code, and, if it has a
    /// fix, whether it is safe and the script with the fix applied.
    fn fixes(text: &str) -> Vec<(Code, Option<(Applicability, String)>)> {
        let needed: BTreeSet<String> = ["chime".to_owned()].into();
        let services = Services::load(&needed, &ModelSearch::default()).unwrap();
        let validators: Vec<(&str, Validator<'_>)> =
            services.iter().map(|(s, m)| (s, Validator::new(m))).collect();
        let context = LintContext { services: &services, validators: &validators, root: PathBuf::from(".") };
        let commands = read_commands(Kind::Shell, text).unwrap();
        let linted = check_commands(&context, Path::new("x.sh"), text, &commands);
        linted
            .findings
            .into_iter()
            .map(|f| {
                let fixed = f.fix.map(|fix| {
                    let applied = crate::fix::apply(text, std::slice::from_ref(&fix), Applicability::Unsafe);
                    assert_eq!(applied.applied, [0], "{fix:?}");
                    (fix.applicability, applied.text)
                });
                (f.code, fixed)
            })
            .collect()
    }

    /// The one fix of the one finding of `text`.
    fn fixed(text: &str) -> Option<(Applicability, String)> {
        let found = fixes(text);
        assert_eq!(found.len(), 1, "{found:?}");
        found.into_iter().next().and_then(|(_, fix)| fix)
    }

    const USER: &str = "aws chime update-user --account-id a --user-id u --license-type";

    fn safe(text: String) -> Option<(Applicability, String)> {
        Some((Applicability::Safe, text))
    }

    #[test]
    fn plain_values_unquoted_and_quoted() {
        assert_eq!(fixed(&format!("{USER} pro\n")), safe(format!("{USER} Pro\n")));
        assert_eq!(fixed(&format!("{USER} \"pro\" # team\n")), safe(format!("{USER} \"Pro\" # team\n")));
        assert_eq!(fixed(&format!("{USER} 'protrial'\n")), safe(format!("{USER} 'ProTrial'\n")));
        assert_eq!(fixed(&format!("{USER} $'plus'\n")), safe(format!("{USER} $'Plus'\n")));
        // One typo from exactly one value: a guess.
        assert_eq!(fixed(&format!("{USER} Por\n")), Some((Applicability::Unsafe, format!("{USER} Pro\n"))));
    }

    #[test]
    fn inline_values() {
        let line = "aws chime update-user --account-id a --user-id u --license-type=basic\n";
        assert_eq!(fixed(line), safe(line.replace("basic", "Basic")));
        let line = "aws chime update-user --account-id=a --user-id=u '--license-type=basic'\n";
        assert_eq!(fixed(line), safe(line.replace("basic", "Basic")));
    }

    const ROOM: &str =
        "aws chime batch-create-room-membership --account-id a --room-id r --membership-item-list";

    #[test]
    fn json_in_single_quotes() {
        let line = format!("{ROOM} '[{{\"MemberId\": \"u-1\", \"Role\": \"member\"}}]'\n");
        assert_eq!(fixed(&line), safe(line.replace("\"member\"", "\"Member\"")));
        // Escaped quotes in double quotes: only the letter that differs.
        let line = format!("{ROOM} \"[{{\\\"MemberId\\\": \\\"u-1\\\", \\\"Role\\\": \\\"member\\\"}}]\"\n");
        assert_eq!(fixed(&line), safe(line.replace("\\\"member", "\\\"Member")));
    }

    #[test]
    fn shorthand_values() {
        let line = format!("{ROOM} MemberId=u-1,Role=administrator\n");
        assert_eq!(fixed(&line), safe(line.replace("=administrator", "=Administrator")));
        // Two items as two words: each its own.
        let line = format!("{ROOM} MemberId=u-1,Role=Member 'MemberId=u-2,Role=membr'\n");
        assert_eq!(fixed(&line), Some((Applicability::Unsafe, line.replace("=membr", "=Member"))));
        // A quoted shorthand value is left alone.
        let line = format!("{ROOM} 'MemberId=u-1,Role=\"member\"'\n");
        assert_eq!(fixed(&line), None);
    }

    #[test]
    fn escapes_inside_the_text_to_replace_give_no_fix() {
        // `\pro`: the letter that differs is escaped.
        assert_eq!(fixed(&format!("{USER} \\pro\n")), None);
        // `P\or` → `Pro` would rewrite across the escape.
        assert_eq!(fixed(&format!("{USER} P\\or\n")), None);
        // An escape elsewhere in the word does not matter.
        assert_eq!(fixed(&format!("{USER} pr\\o\n")), safe(format!("{USER} Pr\\o\n")));
    }

    #[test]
    fn words_that_may_hold_a_secret_get_no_fix() {
        // `CallingName` is sensitive: the word holding it is masked, and
        // nothing in it is edited, not even another member's enum value.
        let command = "aws chime batch-update-phone-number --update-phone-number-request-items";
        let line = format!("{command} PhoneNumberId=p1,ProductType=voiceconnector,CallingName=Bob\n");
        assert_eq!(fixed(&line), None);
        let line = format!("{command} PhoneNumberId=p1,ProductType=voiceconnector\n");
        assert_eq!(fixed(&line), safe(line.replace("voiceconnector", "VoiceConnector")));
    }

    #[test]
    fn misspelt_options_are_renamed() {
        let line = "aws chime update-user --account-id a --user-id u --licence-type Pro\n";
        assert_eq!(fixed(line), Some((Applicability::Unsafe, line.replace("licence", "license"))));
        let line = "aws chime update-user --account-id a --user-id u --licence-type=Pro\n";
        assert_eq!(fixed(line), Some((Applicability::Unsafe, line.replace("licence", "license"))));
        // Two close options (`--user-id`, `--user-ids`?) or none: no guess.
        assert_eq!(fixed("aws chime update-user --account-id a --user-id u --bogus-option x\n"), None);
        // A rename that would repeat an option given already.
        let line = "aws chime update-user --account-id a --user-id u --license-type Pro --licence-type Pro\n";
        assert_eq!(fixed(line), None);
    }

    #[test]
    fn key_edits_are_read_as_renames() {
        let (document, _) = doc::parse_json("{\"A\": {\"Nmae\": 1}}", &Limits::DEFAULT).unwrap();
        let mut d = Diagnostic::new(Code::Unknown, "/A/Nmae", Span::new(7, 13), "unknown");
        d.fix = Some(Fix::unsafe_edit(crate::fix::Edit::new(7, 13, "\"Name\"")));
        let (tokens, change) = change(&d, &document).unwrap();
        assert!(matches!(&change, Change::Key(k) if k == "Name"));
        assert_eq!(render(&change, Form::Json, "\"Nmae\""), Some("\"Name\"".to_owned()));
        assert_eq!(render(&change, Form::Shorthand, "Nmae"), Some("Name".to_owned()));
        assert_eq!(render(&change, Form::Plain, "Nmae"), None);
        let params = Value::Map(vec![("A".into(), Value::Map(vec![("Nmae".into(), Value::Bool(true))]))]);
        let renamed = expected(&params, &tokens, change).unwrap();
        assert_eq!(renamed.get("A").and_then(|a| a.get("Name")), Some(&Value::Bool(true)));
        // An edit of something else than the value or the key: not understood.
        d.fix = Some(Fix::unsafe_edit(crate::fix::Edit::new(0, 1, "[")));
        assert!(super::change(&d, &document).is_none());
    }
}
