//! The command line, as clap derives it. The interface is fixed by
//! `cli-contract.md`; see the README for the full reference.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Offline skeletons, argument parsing and validation for AWS Chime API
/// requests, from the botocore service models.
#[derive(Debug, Parser)]
#[command(name = "chime-shape", version = crate::cli::VERSION, about, long_about = None)]
#[command(
    after_help = "Examples:\n  chime-shape skeleton input update-user\n  chime-shape --service chime-sdk-meetings operations\n  chime-shape --model /path/to/dynamodb/2012-08-10/service-2.json.gz skeleton input put-item"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted before or after the subcommand.
#[derive(Debug, Args)]
pub struct Global {
    /// The embedded model to use: chime, chime-sdk-identity,
    /// chime-sdk-meetings, chime-sdk-messaging, chime-sdk-voice,
    /// chime-sdk-media-pipelines.
    #[arg(long, global = true, value_name = "NAME", default_value = "chime")]
    pub service: String,

    /// Load this botocore model file instead (service-2.json or
    /// service-2.json.gz); any AWS service works.
    #[arg(long, global = true, value_name = "PATH")]
    pub model: Option<PathBuf>,

    /// Colour: on a terminal only (auto), always or never. NO_COLOR turns
    /// auto off.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the embedded services: name, API version, number of operations.
    Services,
    /// List the operations of the selected service, one CLI name per line.
    #[command(
        after_help = "Examples:\n  chime-shape operations\n  chime-shape --service chime-sdk-voice operations | grep sip"
    )]
    Operations,
    /// Print what `aws SERVICE OPERATION --generate-cli-skeleton MODE` prints.
    #[command(
        after_help = "Examples:\n  chime-shape skeleton input update-user > update-user.json\n  chime-shape skeleton yaml-input UpdateUser\n  chime-shape --service chime-sdk-meetings skeleton output create-meeting"
    )]
    Skeleton {
        /// input (JSON, as AWS CLI v1), yaml-input (YAML with comments, as
        /// AWS CLI v2) or output (a sample response).
        #[arg(value_enum)]
        mode: SkeletonMode,
        /// The operation, as the AWS CLI names it (update-user) or by its
        /// API name (UpdateUser).
        operation: String,
    },
}

/// `skeleton MODE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SkeletonMode {
    /// The request as JSON.
    Input,
    /// The request as commented YAML.
    YamlInput,
    /// A sample response as JSON.
    Output,
}
