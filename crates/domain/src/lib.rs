//! armstrace domain: the records of a firearms focal point, their markings, serial numbers and the
//! nomenclature that resolves what officers write to canonical entries.
//!
//! No I/O and no async here: pure types and functions, so that every rule can be property-tested.

pub mod access;
pub mod account;
pub mod ballistic;
pub mod check;
pub mod community;
pub mod country;
pub mod date;
pub mod directory;
pub mod error;
pub mod extract;
pub mod fasthash;
pub mod handling;
pub mod history;
pub mod id;
pub mod incident;
pub mod indicator;
pub mod item;
pub mod licence;
pub mod meta;
pub mod nomenclature;
pub mod party;
pub mod request;
pub mod rng;
pub mod serial;
pub mod time;
pub mod trace;

pub use error::DomainError;
