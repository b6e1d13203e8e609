//! Shared by the integration tests that read the project's shared data.

use std::path::{Path, PathBuf};

/// The `shared` folder beside the checkout (`shared/eval`, `shared/data`): `ARMSTRACE_SHARED` when
/// set, else the nearest ancestor of this crate that has one.
pub fn shared_dir() -> PathBuf {
    if let Some(s) = std::env::var_os("ARMSTRACE_SHARED") {
        return PathBuf::from(s);
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared"))
        .find(|s| s.join("eval").is_dir() && s.join("data/real").is_dir())
        .unwrap_or_else(|| panic!("the shared folder (shared/eval, shared/data) was not found above {}", env!("CARGO_MANIFEST_DIR")))
}
