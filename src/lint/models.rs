//! Which model a service's commands are checked with: the embedded Chime
//! family, model files the user names, and — when asked — the models the
//! AWS CLI itself would use.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::model::{EMBEDDED, LoadOptions, Model, ModelError};

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
    /// then the `botocore/data` folder of a Python installation found from
    /// `PATH` (`../lib/python3*/site-packages/botocore/data`, and Debian's
    /// `dist-packages`). Only folders that exist.
    #[must_use]
    pub fn aws_cli_data_dirs() -> Vec<PathBuf> {
        let mut dirs = Vec::new();
        if let Some(paths) = std::env::var_os("AWS_DATA_PATH") {
            dirs.extend(std::env::split_paths(&paths).filter(|p| !p.as_os_str().is_empty()));
        }
        if let Some(home) = std::env::var_os("HOME") {
            dirs.push(Path::new(&home).join(".aws").join("models"));
        }
        let mut prefixes: Vec<PathBuf> = std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).filter_map(|d| d.parent().map(Path::to_path_buf)).collect())
            .unwrap_or_default();
        prefixes.push(PathBuf::from("/usr"));
        for prefix in prefixes {
            let Ok(entries) = std::fs::read_dir(prefix.join("lib")) else { continue };
            let mut pythons: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with("python3"))
                .map(|e| e.path())
                .collect();
            pythons.sort();
            for python in pythons {
                for packages in ["site-packages", "dist-packages"] {
                    dirs.push(python.join(packages).join("botocore").join("data"));
                }
            }
        }
        let mut seen = BTreeSet::new();
        dirs.retain(|d| d.is_dir() && seen.insert(d.clone()));
        dirs
    }

    /// The newest `service-2.json[.gz]` of `service` in the data folders.
    fn find(&self, service: &str) -> Option<PathBuf> {
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
            if services.get(model.name()).is_none() {
                services.models.push((model.name().to_owned(), model));
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
