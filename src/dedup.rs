//! TODO(dedup): being written.
