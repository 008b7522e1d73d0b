//! TODO(diff): being written.
