//! TODO(clean): being written.
