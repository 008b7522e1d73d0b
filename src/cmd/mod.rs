//! One handler per subcommand. Each takes plain options, does the work, and tells `main`
//! whether anything was found; errors carry context for the user.

mod diff;
mod documents;
mod ingest;
mod search;

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::{Cli, ColorChoice, Command};
use crate::corpus::Corpus;
use crate::index::lock::{self, WhenBusy, WriterLock};
use crate::index::{self, Location, PassageIndex};

/// A file in the corpus directory with extra words for jieba (`word [freq] [tag]` per line).
pub const USER_DICT: &str = "userdict.txt";

/// What a command achieved, for the exit status (0 found, 1 nothing found).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Found,
    NothingFound,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    let location = Location {
        corpus: cli.global.corpus,
        index: cli.global.index,
    };
    let color = use_color(cli.global.color);
    let mut out = std::io::stdout().lock();
    match cli.command {
        Command::Search(args) => search::run(&location, search::options(args)?, color, &mut out),
        Command::List(args) => documents::list(&location, args.json, &mut out),
        Command::Show(args) => documents::show(&location, &args.id, args.json, &mut out),
        Command::Rebuild(args) => rebuild(&location, when_busy(args.no_wait), &mut out),
        Command::Diff(args) => diff::run(&location, args, color, &mut out),
        Command::Ingest(args) => ingest::run(&location, args, &mut out),
    }
}

pub(crate) fn when_busy(no_wait: bool) -> WhenBusy {
    if no_wait {
        WhenBusy::Fail
    } else {
        WhenBusy::Wait
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Loads the corpus, reporting files or lines it could not read on stderr.
pub fn load_corpus(corpus_dir: &Path) -> Result<Corpus> {
    load_corpus_with(corpus_dir, Corpus::load)
}

/// Builds a new index generation from the corpus directory: loads it the way a build needs
/// ([`Corpus::load_for_build`]) while jieba's dictionary loads on another core.
pub fn build_index(location: &Location, fingerprint: String) -> Result<PassageIndex> {
    let corpus = load_corpus_with(&location.corpus, |dir| {
        // After the user dictionary is in: the segmenter is built once.
        crate::segment::load_in_background();
        Corpus::load_for_build(dir)
    })?;
    index::build(&corpus, &location.corpus, &location.index, fingerprint)
}

fn load_corpus_with(
    corpus_dir: &Path,
    load: impl FnOnce(&Path) -> Result<(Corpus, Vec<crate::corpus::LoadProblem>)>,
) -> Result<Corpus> {
    if !corpus_dir.is_dir() {
        anyhow::bail!(
            "no corpus directory at {}: run zhengce from the project folder or pass --corpus DIR",
            corpus_dir.display()
        );
    }
    // The user's own vocabulary must be in the segmenter before any document is segmented.
    let user_dict = corpus_dir.join(USER_DICT);
    if user_dict.is_file() {
        crate::segment::init_with_user_dict(&user_dict)?;
    }
    let (corpus, problems) =
        load(corpus_dir).with_context(|| format!("reading corpus {}", corpus_dir.display()))?;
    for problem in &problems {
        eprintln!("zhengce: skipped {problem}");
    }
    Ok(corpus)
}

/// The live index, judged against the corpus as it is now.
enum Freshness {
    Fresh(PassageIndex),
    Stale {
        /// The live generation, if one could be opened: good enough while another process
        /// writes.
        live: Option<PassageIndex>,
        /// What a rebuild will say it is doing.
        reason: &'static str,
        /// The corpus fingerprint a rebuild records.
        fingerprint: String,
        /// Why the live generation could not be opened, if it could not.
        problem: Option<String>,
    },
}

fn freshness(location: &Location) -> Result<Freshness> {
    let fingerprint = index::fingerprint(&location.corpus)
        .with_context(|| format!("reading corpus {}", location.corpus.display()))?;
    // An index that cannot be opened (damaged, or from another version) is rebuilt: the
    // corpus is the source of truth.
    let (live, reason, problem) = match index::open_current(&location.index) {
        Ok(Some(live)) if live.manifest.fingerprint == fingerprint => {
            return Ok(Freshness::Fresh(live));
        }
        Ok(Some(live)) => (Some(live), "corpus changed; rebuilding", None),
        Ok(None) => (None, "building", None),
        Err(error) => (None, "rebuilding", Some(format!("{error:#}"))),
    };
    Ok(Freshness::Stale {
        live,
        reason,
        fingerprint,
        problem,
    })
}

/// Opens the index for reading, building it first when it is missing or older than the corpus.
/// While another process writes, searches answer from the index as it stands.
pub fn open_index(location: &Location) -> Result<PassageIndex> {
    let live = match freshness(location)? {
        Freshness::Fresh(live) => return Ok(live),
        Freshness::Stale { live, .. } => live,
    };
    let lock = match lock::try_acquire(&location.index)? {
        Some(lock) => lock,
        // A writer is at work; its result is consistent before and after, so use the live
        // generation if there is one rather than wait.
        None => match live {
            Some(live) => return Ok(live),
            None => lock::acquire(&location.index, WhenBusy::Wait)?,
        },
    };
    ensure_index(location, &lock)
}

/// With the writer lock held: the live index, rebuilt first if stale (checked again, since
/// another writer may have rebuilt it while we waited).
pub fn ensure_index(location: &Location, _lock: &WriterLock) -> Result<PassageIndex> {
    let (reason, fingerprint) = match freshness(location)? {
        Freshness::Fresh(live) => return Ok(live),
        Freshness::Stale {
            reason,
            fingerprint,
            problem,
            ..
        } => {
            // Said here, once, by the process that rebuilds (freshness is judged twice).
            if let Some(problem) = problem {
                eprintln!("zhengce: the index could not be opened ({problem})");
            }
            (reason, fingerprint)
        }
    };
    eprintln!(
        "zhengce: {reason} {} from {} …",
        location.index.display(),
        location.corpus.display()
    );
    build_index(location, fingerprint)
}

fn rebuild(location: &Location, when_busy: WhenBusy, out: &mut impl Write) -> Result<Outcome> {
    let _lock = lock::acquire(&location.index, when_busy)?;
    let fingerprint = index::fingerprint(&location.corpus)?;
    let built = build_index(location, fingerprint)?;
    writeln!(
        out,
        "rebuilt {}: {} documents, {} passages",
        location.index.display(),
        built.manifest.documents,
        built.manifest.passages
    )?;
    Ok(Outcome::Found)
}
