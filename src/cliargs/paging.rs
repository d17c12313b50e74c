//! The AWS CLI's pagination options (`awscli/customizations/paginate.py`):
//! for an operation with a paginator, `--starting-token`, `--page-size`
//! (when the paginator has a limit key) and `--max-items` are the CLI's own
//! options, and the request carries them as `PaginationConfig`
//! (`{"PaginationConfig": {"MaxItems": 2}}`), which botocore's paginator
//! reads and never sends. Giving a token member (`--next-token`) or
//! `--no-paginate` turns paging off, and with it these options.

use crate::model::{Model, Operation, ShapeKind, xform_name};

use super::table::ArgSpec;

/// One pagination option of a paginated operation.
#[derive(Debug, Clone)]
pub struct PageOption {
    /// `--starting-token`, `--page-size` or `--max-items`.
    pub option: &'static str,
    /// Its key in `PaginationConfig`.
    pub key: &'static str,
    /// argparse converts the value with `int` (else it stays a string).
    pub integer: bool,
    /// The index of the operation option of the same name it shadows
    /// (IAM's own `--max-items`), which is back when paging is off.
    pub shadows: Option<usize>,
}

/// The pagination of an operation.
#[derive(Debug, Clone)]
pub struct Paging {
    /// Its options, in the CLI's table order.
    pub options: Vec<PageOption>,
    /// The input members that turn paging off when given: the tokens and
    /// the limit key (except a limit key that a page option shadows, which
    /// the CLI reads as its own).
    pub members: Vec<String>,
}

/// The pagination of `operation`, if the model's paginators page it.
#[must_use]
pub fn paging(model: &Model, operation: &Operation, table: &[ArgSpec<'_>]) -> Option<Paging> {
    let paginator = model.paginator(&operation.name)?;
    // The page size and item count take the limit key's type (integer
    // unless the key is a string).
    let integer = paginator.limit_key.as_ref().is_none_or(|key| {
        let input = operation.input.as_ref().map(|i| &model.shape(i.target).kind);
        let Some(ShapeKind::Structure(s)) = input else { return true };
        s.members
            .iter()
            .find(|m| m.name == *key)
            .is_none_or(|m| !matches!(model.shape(m.target).kind, ShapeKind::String))
    });
    let mut options = vec![("--starting-token", "StartingToken", false)];
    if paginator.limit_key.is_some() {
        options.push(("--page-size", "PageSize", integer));
    }
    options.push(("--max-items", "MaxItems", integer));
    let options: Vec<PageOption> = options
        .into_iter()
        .map(|(option, key, integer)| PageOption {
            option,
            key,
            integer,
            shadows: table.iter().position(|s| s.option == option),
        })
        .collect();
    let mut members = paginator.input_tokens.clone();
    members.extend(paginator.limit_key.clone());
    // The CLI leaves out the names it reads as its own (`start_token`,
    // `max_items`).
    members.retain(|m| {
        let cli = xform_name(m, '-');
        cli != "start-token" && cli != "max-items"
    });
    Some(Paging { options, members })
}
