//! The two guards every output and every read goes through: text that
//! came from a file or a model is escaped before it is printed
//! ([`sanitize`]), and files are read only when regular and only up to a
//! bound ([`fsread`]).

pub mod fsread;
pub mod sanitize;
