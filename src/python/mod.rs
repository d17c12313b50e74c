//! What reproduces Python's behaviour, because the AWS CLI is a Python
//! program and users compare its bytes with ours: the request [`value`] in
//! Python's types, Python's `json.dumps` ([`json`]) and Python's `int()` and
//! `float()` ([`number`]).
//!
//! Imports run one way: `value` uses `json` (a value prints as Python
//! prints it); `json` and `number` use nothing of this folder.

pub mod json;
pub mod number;
pub mod value;
