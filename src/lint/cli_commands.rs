//! The AWS CLI's own commands and service names, as `lint` reads them: the
//! tables live in [`crate::awscli`], which `parse` reads too.

pub use crate::awscli::commands::AWSCLI_VERSION;
pub(crate) use crate::awscli::commands::{CUSTOM_COMMANDS, NOT_SERVICES, RENAMED_SERVICES};
