//! TODO(encoding): being written.
