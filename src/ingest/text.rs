//! TODO(text): being written.
