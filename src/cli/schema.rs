//! `chime-shape schema`: one operation's JSON Schema on standard output, or
//! with `--all` every operation's into a directory, with the editor
//! settings that apply them to request files.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde_json::{Value, json};

use chime_shape::model::Model;
use chime_shape::schema::{self, Side};

use super::args::{Cli, SchemaArgs};
use super::{Failure, load_model};

/// The settings file `--all` writes beside the schemas.
pub(crate) const SETTINGS_FILE: &str = "vscode-settings.json";

pub(crate) fn run(cli: &Cli, args: &SchemaArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let model = load_model(cli, true)?;
    let side = if args.output { Side::Output } else { Side::Input };
    match (&args.operation, &args.out_dir) {
        (Some(name), _) if !args.all => {
            let op = model.operation(name)?;
            out.write_all(pretty(&schema::operation_schema(&model, op, side))?.as_bytes())?;
        }
        (_, Some(dir)) => {
            let written = write_all(&model, side, dir)?;
            writeln!(out, "{written} schemas and {} written to {}", SETTINGS_FILE, dir.display())?;
        }
        _ => return Err(Failure::Usage("name an OPERATION, or give --all with --out-dir DIR".into())),
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn pretty(value: &Value) -> Result<String, Failure> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| Failure::Usage(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// Writes `OPERATION.schema.json` for every operation, and the VS Code
/// `json.schemas` / `yaml.schemas` settings that map `OPERATION.json` and
/// `NAME.OPERATION.yaml` files (the names `validate` reads the operation
/// from) to them. Returns how many schemas were written.
fn write_all(model: &Model, side: Side, dir: &Path) -> Result<usize, Failure> {
    let fail = |e: std::io::Error| Failure::Usage(format!("cannot write to {}: {e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut json_schemas = Vec::new();
    let mut yaml_schemas = serde_json::Map::new();
    let mut count = 0;
    for op in model.operations() {
        let file = format!("{}.schema.json", op.cli_name);
        std::fs::write(dir.join(&file), pretty(&schema::operation_schema(model, op, side))?).map_err(fail)?;
        count += 1;
        // As the workspace sees it: relative to it unless given absolute.
        let base = dir.display().to_string();
        let base = base.trim_end_matches('/');
        let url = if dir.is_absolute() {
            format!("{base}/{file}")
        } else {
            format!("./{}/{file}", base.trim_start_matches("./"))
        };
        let name = &op.cli_name;
        // `**/update-user.json` and `**/*.update-user.json`: never
        // `*update-user.json`, which also takes batch-update-user.json.
        json_schemas
            .push(json!({"fileMatch": [format!("**/{name}.json"), format!("**/*.{name}.json")], "url": url}));
        let globs =
            ["yaml", "yml"].iter().flat_map(|ext| [format!("**/{name}.{ext}"), format!("**/*.{name}.{ext}")]);
        yaml_schemas.insert(url, Value::Array(globs.map(Value::String).collect()));
    }
    let settings = json!({"json.schemas": json_schemas, "yaml.schemas": yaml_schemas});
    std::fs::write(dir.join(SETTINGS_FILE), pretty(&settings)?).map_err(fail)?;
    Ok(count)
}
