//! armstrace application services.
