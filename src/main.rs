//! The `zhengce` binary: parse arguments, run, map the outcome to grep-like exit codes.

use std::process::ExitCode;

use clap::Parser;
use zhengce::cli::Cli;
use zhengce::cmd::{self, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cmd::run(cli) {
        Ok(Outcome::Found) => ExitCode::SUCCESS,
        Ok(Outcome::NothingFound) => ExitCode::from(1),
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("zhengce: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// A reader that went away (`zhengce search … | head`) is not an error worth reporting.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let io = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind);
        // JSON output fails with serde_json's error, which wraps the I/O one.
        let json = cause
            .downcast_ref::<serde_json::Error>()
            .and_then(|e| e.io_error_kind());
        io.or(json) == Some(std::io::ErrorKind::BrokenPipe)
    })
}
