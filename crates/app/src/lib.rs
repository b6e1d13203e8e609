//! armstrace application services: records, import, export, demo world.

pub mod afmer;
pub mod cleaning;
pub mod demo;
pub mod export;
pub mod fields;
pub mod import;
pub mod production;
pub mod sheet;
