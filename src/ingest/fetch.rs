//! TODO(fetch): being written.
