//! armstrace application services: records, import, export, demo world.

pub mod accounts;
pub mod afmer;
pub mod audit;
pub mod bulkcheck;
pub mod cleaning;
pub mod community;
pub mod crosscheck;
pub mod demo;
pub mod directory;
pub mod error;
pub mod export;
pub mod fields;
pub mod import;
pub mod kinds;
pub mod mail;
pub mod production;
pub mod records;
pub mod requests;
pub mod seizure;
pub mod sheet;
pub mod suggest;
pub mod trace;
