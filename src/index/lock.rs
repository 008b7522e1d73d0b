//! One writer at a time: `ingest`, `rebuild` and the automatic rebuild of a stale index hold an
//! exclusive lock on `index/LOCK` while they write corpus or index.
//!
//! The lock is an OS file lock (`flock`), so it dies with its process: a writer killed with
//! SIGKILL leaves no stale lock behind. The holder's pid is written into the file only to name
//! it in the waiting message.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};

const LOCK: &str = "LOCK";

/// Held while writing; released on drop or when the process ends.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

/// What to do when another process is writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenBusy {
    Wait,
    Fail,
}

fn open(index_dir: &Path) -> Result<File> {
    std::fs::create_dir_all(index_dir)
        .with_context(|| format!("creating {}", index_dir.display()))?;
    let path = index_dir.join(LOCK);
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))
}

fn holder(file: &mut File) -> String {
    let mut pid = String::new();
    let _ = file.read_to_string(&mut pid);
    match pid.trim() {
        "" => "another zhengce".to_string(),
        pid => format!("another zhengce (pid {pid})"),
    }
}

fn claim(mut file: File) -> Result<WriterLock> {
    // Best effort: the pid only improves the message another writer prints.
    let _ = file.set_len(0);
    let _ = file.rewind();
    let _ = write!(file, "{}", std::process::id());
    let _ = file.flush();
    Ok(WriterLock { _file: file })
}

/// Takes the lock now, or `None` when another process holds it.
pub fn try_acquire(index_dir: &Path) -> Result<Option<WriterLock>> {
    let file = open(index_dir)?;
    match file.try_lock() {
        Ok(()) => claim(file).map(Some),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(error)) => {
            Err(error).with_context(|| format!("locking {}", index_dir.join(LOCK).display()))
        }
    }
}

/// Takes the lock, waiting (with a message on stderr) or failing when another writer has it.
pub fn acquire(index_dir: &Path, when_busy: WhenBusy) -> Result<WriterLock> {
    if let Some(lock) = try_acquire(index_dir)? {
        return Ok(lock);
    }
    let mut file = open(index_dir)?;
    let who = holder(&mut file);
    match when_busy {
        WhenBusy::Fail => bail!(
            "{who} is writing to {}; try again when it has finished (or drop --no-wait to wait)",
            index_dir.display()
        ),
        WhenBusy::Wait => {
            eprintln!(
                "zhengce: waiting for {who} to finish writing to {} …",
                index_dir.display()
            );
            file.lock()
                .with_context(|| format!("locking {}", index_dir.join(LOCK).display()))?;
            claim(file)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_until_the_first_is_done() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path(), WhenBusy::Fail).unwrap();
        assert!(try_acquire(dir.path()).unwrap().is_none());
        let refused = acquire(dir.path(), WhenBusy::Fail).unwrap_err().to_string();
        assert!(
            refused.contains(&format!("pid {}", std::process::id())),
            "{refused}"
        );
        drop(first);
        assert!(try_acquire(dir.path()).unwrap().is_some());
    }
}
