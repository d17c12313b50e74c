//! `chime-shape rules` and `chime-shape explain CODE`: what each finding
//! code means, as ruff's and cfn-lint's users expect to look it up. The
//! example of `explain` is checked as it is shown, against the embedded
//! model, so it cannot go stale.

use std::io::Write;

use chime_shape::doc::Limits;
use chime_shape::model;
use chime_shape::report::diagnostic::Code;
use chime_shape::validate::Validator;
use chime_shape::validate::file::{InputFormat, check_bytes};

use super::Failure;

/// `rules`: one line a code.
pub(crate) fn list(out: &mut impl Write) -> Result<(), Failure> {
    writeln!(out, "{:<18} {:<8} {:<12} WHAT IT CHECKS", "CODE", "DEFAULT", "FIXABLE")?;
    for code in Code::ALL {
        writeln!(
            out,
            "{:<18} {:<8} {:<12} {}",
            code.as_str(),
            code.default_severity().as_str(),
            code.fixable(),
            code.description()
        )?;
    }
    Ok(())
}

/// `explain CODE`.
pub(crate) fn explain(name: &str, out: &mut impl Write) -> Result<(), Failure> {
    let code = Code::parse(name).ok_or_else(|| {
        let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        Failure::Usage(format!("no such code `{name}`; the codes are {}", known.join(", ")))
    })?;
    let fixable = match code.fixable() {
        "no" => "not fixable".to_owned(),
        how => format!("fixable: {how}"),
    };
    writeln!(out, "{code} ({}, {fixable})\n", code.default_severity().as_str())?;
    writeln!(out, "{}\n\n{}", code.description(), code.explanation())?;
    if let Some(example) = code.example() {
        let finding = example_finding(code, example)?;
        let file = format!("example.{}.yaml", example.operation);
        writeln!(out, "\nExample ({} {}), {file}:\n", example.service, example.operation)?;
        for line in example.document.lines() {
            writeln!(out, "    {line}")?;
        }
        writeln!(
            out,
            "\n    $ chime-shape --service {} validate {file}\n    {file}:{finding}",
            example.service
        )?;
    }
    writeln!(
        out,
        "\nTo change it: `severity: {{{code}: warning}}` (or off) in .chime-shape.yaml, `--warn {code}`, \
         `--ignore {code}`, or in YAML a comment `# chime-shape: ignore[{code}]` on the line or the line above."
    )?;
    Ok(())
}

/// `LINE:COLUMN: SEVERITY[CODE]: MESSAGE` of the example's finding.
fn example_finding(code: Code, example: chime_shape::report::diagnostic::Example) -> Result<String, Failure> {
    let model = model::load_embedded(example.service)?;
    let op = model.operation(example.operation)?;
    let validator = Validator::new(&model);
    let report = check_bytes(
        &validator,
        op,
        "example",
        example.document.as_bytes(),
        InputFormat::Yaml,
        &Limits::DEFAULT,
    );
    let finding = report.diagnostics.iter().find(|d| d.code == code).ok_or_else(|| {
        Failure::Usage(format!("internal error: the example of {code} has no such finding"))
    })?;
    let at = if finding.path.is_empty() { String::new() } else { format!(" (at {})", finding.path) };
    Ok(format!(
        "{}:{}: {}[{code}]: {}{at}",
        finding.line,
        finding.column,
        finding.severity.as_str(),
        finding.message
    ))
}
