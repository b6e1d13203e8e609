//! armstrace store.
