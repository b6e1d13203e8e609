//! armstrace cross-checking engine: finds the record of a seized, found or surrendered firearm in a
//! registry (or in lost, stolen, exported and seized lists) although its serial was misread, typed with
//! separators, lost, doubled, swapped or gained a character, lost its leading letter block or is partly
//! obliterated, and says how sure it is and why.
//!
//! Pure: no I/O. The product builds an [`Index`] from the store at start, keeps it current with
//! [`Index::insert`], [`Index::update`] and [`Index::remove`] on every write, and asks
//! [`Index::query`] for each recorded item:
//!
//! ```
//! use armstrace_matching::{Index, Query, Record};
//! let mut ix: Index<u64> = Index::new();
//! ix.insert(1, &Record { serial: "AB1234567", manufacturer: "Smith & Wesson", calibre: "9×19mm Parabellum", ..Record::default() });
//! ix.compact();
//! let hits = ix.query(&Query { serial: "A8-1234567", manufacturer: "S&W", ..Query::default() }, 10);
//! assert_eq!(hits[0].id, 1);
//! assert!(hits[0].confidence.alerts());
//! println!("{}", hits[0].explanation);
//! ```

mod align;
mod codes;
mod index;
mod misread;
mod query;
mod score;

pub use index::{Candidate, Index, MemoryReport, Record, StoredRecord};
pub use query::{PreparedQuery, Query};
pub use score::Confidence;
