//! `chime-shape lsp`: the command-line face of
//! [`chime_shape::lsp::run_stdio`] — the global options that choose the
//! model and the configuration, then the server until the editor stops it.

use std::process::ExitCode;

use chime_shape::lsp::{self, ConfigChoice, Options};
use chime_shape::validate::project::ModelSource;

use super::Failure;
use super::args::{Cli, LspArgs};

pub(crate) fn run(cli: &Cli, _args: &LspArgs) -> Result<ExitCode, Failure> {
    let config = match (&cli.global.config, cli.global.no_config) {
        (_, true) => ConfigChoice::Off,
        // Absolute: documents are found by absolute paths.
        (Some(path), false) => ConfigChoice::File(
            std::path::absolute(path)
                .map_err(|e| Failure::Usage(format!("--config {}: {e}", path.display())))?,
        ),
        (None, false) => ConfigChoice::Discover,
    };
    // A model named on the command line is loaded now, so that a wrong
    // name or file is a usage error, not a finding in every document.
    if let Some(source) =
        ModelSource::chosen(cli.global.model.as_deref(), cli.global.service.as_deref(), None)
    {
        source.load(false)?;
    }
    let options = Options { service: cli.global.service.clone(), model: cli.global.model.clone(), config };
    Ok(ExitCode::from(lsp::run_stdio(options)))
}
