//! TODO(structure): being written.
