//! TODO(meta): being written.
