//! Which model a service's commands are checked with: the embedded Chime
//! family, model files the user names, and — when asked — the models the
//! AWS CLI itself would use.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::model::{EMBEDDED, LoadOptions, Model, ModelError};

use super::cli_commands::RENAMED_SERVICES;

/// Where models for services other than the embedded ones come from.
#[derive(Debug, Clone, Default)]
pub struct ModelSearch {
    /// Model files (`--model`, the configuration's `models`), each for the
    /// service its name or metadata says.
    pub files: Vec<PathBuf>,
    /// botocore data folders (`SERVICE/API-VERSION/service-2.json[.gz]`),
    /// searched in order.
    pub data_dirs: Vec<PathBuf>,
}

impl ModelSearch {
    /// The folders the AWS CLI loads models from, in its order: each entry
    /// of `AWS_DATA_PATH`, `~/.aws/models` (`aws configure add-model`),
    /// then the `botocore/data` folder of the Python installations an AWS
    /// CLI is usually installed in: the prefixes of `PATH`'s folders, an
    /// active virtualenv, pyenv's versions, `pip --user`, pipx's `awscli`,
    /// Debian's `python3-botocore`, and AWS CLI v2's own installation.
    /// Only folders that exist.
    #[must_use]
    pub fn aws_cli_data_dirs() -> Vec<PathBuf> {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let mut dirs = Vec::new();
        if let Some(paths) = std::env::var_os("AWS_DATA_PATH") {
            dirs.extend(std::env::split_paths(&paths).filter(|p| !p.as_os_str().is_empty()));
        }
        let home = var("HOME");
        if let Some(home) = &home {
            dirs.push(home.join(".aws").join("models"));
        }
        // Installation prefixes, each with lib/python3*/…/botocore/data.
        let mut prefixes: Vec<PathBuf> = std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).filter_map(|d| d.parent().map(Path::to_path_buf)).collect())
            .unwrap_or_default();
        prefixes.extend(var("VIRTUAL_ENV"));
        let pyenv = var("PYENV_ROOT").or_else(|| home.as_ref().map(|h| h.join(".pyenv")));
        if let Some(versions) = pyenv.map(|p| p.join("versions")) {
            prefixes.extend(subfolders(&versions));
        }
        if let Some(home) = &home {
            prefixes.push(home.join(".local"));
            for pipx in [".local/pipx/venvs/awscli", ".local/share/pipx/venvs/awscli"] {
                prefixes.push(home.join(pipx));
            }
        }
        prefixes.push(PathBuf::from("/usr"));
        for prefix in prefixes {
            for python in subfolders(&prefix.join("lib"))
                .into_iter()
                .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("python3")))
            {
                for packages in ["site-packages", "dist-packages"] {
                    dirs.push(python.join(packages).join("botocore").join("data"));
                }
            }
        }
        dirs.push(PathBuf::from("/usr/lib/python3/dist-packages/botocore/data"));
        dirs.push(PathBuf::from("/usr/local/aws-cli/v2/current/dist/awscli/botocore/data"));
        let mut seen = BTreeSet::new();
        dirs.retain(|d| d.is_dir() && seen.insert(d.clone()));
        dirs
    }

    /// The newest `service-2.json[.gz]` of `service` (as the CLI names
    /// it: `configservice` is in the folder `config`) in the data folders.
    fn find(&self, service: &str) -> Option<PathBuf> {
        let service = data_name(service);
        if service.is_empty() || service.contains(['/', '\\']) || service.starts_with('.') {
            return None;
        }
        self.data_dirs.iter().find_map(|dir| {
            let mut versions: Vec<PathBuf> = std::fs::read_dir(dir.join(service))
                .ok()?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect();
            versions.sort();
            versions.iter().rev().find_map(|v| {
                ["service-2.json", "service-2.json.gz"].iter().map(|f| v.join(f)).find(|f| f.is_file())
            })
        })
    }
}

/// The botocore data folder of the service the CLI calls `service`.
fn data_name(service: &str) -> &str {
    RENAMED_SERVICES.iter().find(|(cli, _)| *cli == service).map_or(service, |(_, data)| data)
}

/// The CLI's name for the service in botocore data folder `data`.
fn cli_name(data: &str) -> &str {
    RENAMED_SERVICES.iter().find(|(_, d)| *d == data).map_or(data, |(cli, _)| cli)
}

/// The folders in `dir`, sorted (none when it cannot be read).
fn subfolders(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut found: Vec<PathBuf> =
        entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    found.sort();
    found
}

/// The models of the services a run's commands name.
#[derive(Debug, Default)]
pub struct Services {
    /// Each model with the service name it is found by.
    models: Vec<(String, Model)>,
    /// Services whose model could not be loaded, with why.
    failed: Vec<(String, String)>,
}

impl Services {
    /// Loads a model for each of `needed` that has one: a file of
    /// `search.files` whose service it is, else an embedded model, else one
    /// found in `search.data_dirs`. Services without a model are simply
    /// absent (their commands are skipped).
    ///
    /// # Errors
    ///
    /// A file of `search.files` that cannot be loaded: the user named it.
    pub fn load(needed: &BTreeSet<String>, search: &ModelSearch) -> Result<Services, ModelError> {
        let options = LoadOptions { documentation: false };
        let mut services = Services::default();
        for file in &search.files {
            let model = Model::from_path_with(file, options)?;
            // Found by the CLI's name for it (`config` is `configservice`).
            let name = cli_name(model.name()).to_owned();
            if services.get(&name).is_none() {
                services.models.push((name, model));
            }
        }
        for service in needed {
            if services.get(service).is_some() {
                continue;
            }
            if let Some(embedded) = EMBEDDED.iter().find(|m| m.name == service) {
                services.models.push((service.clone(), embedded.load_with(options)?));
                continue;
            }
            let Some(path) = search.find(service) else { continue };
            match Model::from_path_with(&path, options) {
                Ok(model) => services.models.push((service.clone(), model)),
                Err(error) => services.failed.push((service.clone(), error.to_string())),
            }
        }
        Ok(services)
    }

    /// The model of `service`.
    #[must_use]
    pub fn get(&self, service: &str) -> Option<&Model> {
        self.models.iter().find(|(s, _)| s == service).map(|(_, m)| m)
    }

    /// Every model loaded, with the service name it is found by.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Model)> {
        self.models.iter().map(|(s, m)| (s.as_str(), m))
    }

    /// Why `service`'s model could not be loaded, if it was found and
    /// failed.
    #[must_use]
    pub fn failure(&self, service: &str) -> Option<&str> {
        self.failed.iter().find(|(s, _)| s == service).map(|(_, why)| why.as_str())
    }
}
