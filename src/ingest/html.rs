//! TODO(html): being written.
