//! TODO(jsonl): being written.
