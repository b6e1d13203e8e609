//! The nomenclature: embedded, versioned reference tables (countries, firearm types, calibres,
//! manufacturers, models and the code lists of the records) and the resolver that maps what people
//! write to canonical entries (seed 002 §54–55: standardized recording templates and nomenclature).
//!
//! Sources and licences of each table are in `crates/domain/data/SOURCES.md`.

pub mod resolve;
pub mod tables;
pub mod text;

pub use resolve::{Resolution, Warning};
pub use tables::{nomenclature, Calibre, CodeEntry, Country, Manufacturer, Model, Nomenclature};

/// Version of the embedded reference data; stored with resolved values so that a later change of the
/// tables can be traced.
pub const NOMENCLATURE_VERSION: &str = "2026.11.1";
