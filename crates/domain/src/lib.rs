//! armstrace domain.
