//! The on-disk search index: schema, building from a corpus, and atomic generations.
//!
//! `index/` holds generations (`gen-<nanos>/`, each a complete tantivy index plus a manifest)
//! and a `CURRENT` file naming the live one. A build writes a new generation and then replaces
//! `CURRENT` with a rename, which is atomic: searches keep reading the old generation until
//! the swap, and a build that dies half-way leaves only an unused directory behind.

mod build;
pub mod lock;
mod schema;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexReader, ReloadPolicy};

pub use build::{VersionRef, group_key, status_label, title_keys};
pub use schema::{Fields, schema};

use build::GroupPlan;

use crate::corpus::Corpus;
use crate::ingest::source;
use crate::model::Document;

/// Bumped whenever the schema or the meaning of indexed data changes.
const FORMAT: u32 = 5;
const CURRENT: &str = "CURRENT";
const MANIFEST: &str = "zhengce.json";
/// Writer memory, split across indexing threads; bounds peak memory on large corpora (with
/// [`Corpus::BUILD_TEXT_BUDGET`], a build of laws x30 peaks at about 410 MB). A segment closes
/// when its writer reaches its share, so this also sets how many segments a build writes, and
/// every query pays per segment: laws x30 made 38 segments with 128 MB, 24 with 192 MB (warm
/// p50 2.25 ms, peak 407-459 MB) and 17 with 256 MB (warm p50 1.93 ms, but peak 473 MB).
const WRITER_MEMORY: usize = 192 * 1024 * 1024;

/// What a generation was built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// Fingerprint of the corpus files (names, sizes, modification times).
    pub fingerprint: String,
    pub documents: usize,
    pub passages: usize,
}

/// An open index generation.
pub struct PassageIndex {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    pub manifest: Manifest,
    /// The generation directory this index lives in.
    pub generation: PathBuf,
    /// The exact-match components of the segments `reader` reads.
    pub exact: std::sync::Arc<crate::exact::query::Components>,
}

/// A cheap fingerprint of everything under the corpus directory: when it changes, the index is
/// stale. Reads directory entries and metadata only, never file contents.
pub fn fingerprint(corpus_dir: &Path) -> Result<String> {
    let mut entries = Vec::new();
    collect_entries(corpus_dir, corpus_dir, &mut entries)?;
    entries.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (FORMAT, env!("CARGO_PKG_VERSION"), entries).hash(&mut hasher);
    Ok(format!("{:016x}", hasher.finish()))
}

fn collect_entries(root: &Path, dir: &Path, out: &mut Vec<(String, u64, u128)>) -> Result<()> {
    let listing = fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in listing {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let meta = entry
            .metadata()
            .with_context(|| format!("reading {}", path.display()))?;
        if meta.is_dir() {
            collect_entries(root, &path, out)?;
        } else {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            out.push((name, meta.len(), modified));
        }
    }
    Ok(())
}

/// Opens the live generation, if there is one and it can be read.
pub fn open_current(index_dir: &Path) -> Result<Option<PassageIndex>> {
    let Ok(name) = fs::read_to_string(index_dir.join(CURRENT)) else {
        return Ok(None);
    };
    let generation = index_dir.join(name.trim());
    let Ok(manifest) = fs::read(generation.join(MANIFEST)) else {
        return Ok(None);
    };
    let Ok(manifest) = serde_json::from_slice::<Manifest>(&manifest) else {
        return Ok(None);
    };
    if manifest.format != FORMAT {
        return Ok(None);
    }
    let mut index = Index::open_in_dir(&generation)
        .with_context(|| format!("opening index {}", generation.display()))?;
    crate::tokenize::register(&index);
    let fields = Fields::resolve(&index.schema())?;
    index.register_plugin(exact_plugin(&fields));
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let exact = std::sync::Arc::new(crate::exact::query::Components::open(&reader.searcher())?);
    Ok(Some(PassageIndex {
        index,
        reader,
        fields,
        manifest,
        generation,
        exact,
    }))
}

/// The segment component that answers exact matches ([`crate::exact`]); every index carries
/// it, and tantivy refuses to write an index without it registered.
fn exact_plugin(fields: &Fields) -> std::sync::Arc<dyn tantivy::SegmentPlugin> {
    std::sync::Arc::new(crate::exact::plugin::ExactPlugin {
        fields: fields.lines(),
    })
}

/// Builds a new generation from `corpus` and makes it the live one. Documents whose text the
/// corpus shed ([`Corpus::load_for_build`]) are read again from their files in `corpus_dir`.
pub fn build(
    corpus: &Corpus,
    corpus_dir: &Path,
    index_dir: &Path,
    fingerprint: String,
) -> Result<PassageIndex> {
    fs::create_dir_all(index_dir).with_context(|| format!("creating {}", index_dir.display()))?;
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let name = format!("gen-{stamp}-{}", std::process::id());
    let generation = index_dir.join(&name);
    fs::create_dir(&generation).with_context(|| format!("creating {}", generation.display()))?;

    let (schema, fields) = schema();
    let index = Index::builder()
        .schema(schema)
        .register_plugin(exact_plugin(&fields))
        .create_in_dir(&generation)
        .with_context(|| format!("creating index in {}", generation.display()))?;
    crate::tokenize::register(&index);
    let mut writer = index.writer(WRITER_MEMORY)?;
    // No merging while building: a merge maps the segments it reads, which raised the peak
    // memory of a build by about the size of the index (670 MB instead of 380 MB for laws
    // x30), and a fresh generation's few segments (one per writer flush: 2 for laws, 18 for
    // x30) cost queries little (x30 warm p50 4.0 ms instead of 3.3 ms).
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    let passages = add_corpus(&writer, &fields, corpus, corpus_dir)?;
    writer.commit()?;
    writer.wait_merging_threads()?;

    let manifest = Manifest {
        format: FORMAT,
        fingerprint,
        documents: corpus.documents.len(),
        passages,
    };
    write_atomically(
        &generation.join(MANIFEST),
        &serde_json::to_vec_pretty(&manifest)?,
    )?;
    write_atomically(&index_dir.join(CURRENT), name.as_bytes())?;
    remove_old_generations(index_dir, &name);

    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let exact = std::sync::Arc::new(crate::exact::query::Components::open(&reader.searcher())?);
    Ok(PassageIndex {
        index,
        reader,
        fields,
        manifest,
        generation,
        exact,
    })
}

/// One plan per version group of a corpus, made when its first version comes up.
struct Plans<'c> {
    corpus: &'c Corpus,
    by_group: HashMap<&'c str, GroupPlan>,
}

impl<'c> Plans<'c> {
    fn of(&mut self, doc: &'c Document) -> &GroupPlan {
        let corpus = self.corpus;
        self.by_group
            .entry(group_key(doc))
            .or_insert_with(|| GroupPlan::new(corpus, &corpus.versions(doc)))
    }
}

/// Adds every document of the corpus, in corpus order (file by file), and returns the number
/// of passage occurrences added.
fn add_corpus(
    writer: &tantivy::IndexWriter,
    fields: &Fields,
    corpus: &Corpus,
    corpus_dir: &Path,
) -> Result<usize> {
    let mut plans = Plans {
        corpus,
        by_group: HashMap::new(),
    };
    let mut passages = 0;
    for run in corpus
        .documents
        .chunk_by(|a, b| a.origin.file == b.origin.file)
    {
        if !run.iter().any(|doc| corpus.is_shed(doc)) {
            for doc in run {
                passages += build::add_document(writer, fields, plans.of(doc), doc, &doc.passages)?;
            }
            continue;
        }
        // Some text of this file was let go while loading: read the file again, one document
        // at a time, and match what it yields to the corpus's documents by their place in it.
        let file = &run[0].origin.file;
        let by_ordinal: HashMap<usize, &Document> =
            run.iter().map(|doc| (doc.origin.ordinal, doc)).collect();
        let path = corpus_dir.join(file);
        let provenance = crate::corpus::read_sidecar(&path);
        let mut failure = None;
        source::for_each_document(&path, file, provenance.as_ref(), |read| {
            let Some(&doc) = by_ordinal.get(&read.origin.ordinal) else {
                return;
            };
            if failure.is_some() {
                return;
            }
            let text = if corpus.is_shed(doc) {
                &read.passages
            } else {
                &doc.passages
            };
            match build::add_document(writer, fields, plans.of(doc), doc, text) {
                Ok(added) => passages += added,
                Err(error) => failure = Some(error),
            }
        })
        .with_context(|| format!("reading {file} again"))?;
        if let Some(error) = failure {
            return Err(error.into());
        }
    }
    Ok(passages)
}

/// Adds documents to the live generation in place: every version group that gains a document
/// is deleted and re-added in one commit (an older version's status and the passages' version
/// lists change when a newer version arrives). Falls back to a full build when there is no
/// live generation.
pub fn update(
    corpus: &Corpus,
    corpus_dir: &Path,
    index_dir: &Path,
    added: &[String],
    fingerprint: String,
) -> Result<()> {
    let Some(live) = open_current(index_dir)? else {
        build(corpus, corpus_dir, index_dir, fingerprint)?;
        return Ok(());
    };
    let fields = live.fields;
    let mut writer: tantivy::IndexWriter = live.index.writer(WRITER_MEMORY)?;
    let mut seen_groups = HashSet::new();
    for id in added {
        let Some(document) = corpus.get(id) else {
            continue;
        };
        let versions = corpus.versions(document);
        if !seen_groups.insert(group_key(versions[0]).to_string()) {
            continue;
        }
        for version in &versions {
            writer.delete_term(tantivy::Term::from_field_text(fields.id, &version.id));
        }
        build::add_group(&writer, &fields, corpus, &versions)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    live.reader.reload()?;
    let manifest = Manifest {
        format: FORMAT,
        fingerprint,
        documents: corpus.documents.len(),
        passages: live.reader.searcher().num_docs() as usize,
    };
    // Written last: until it names the new corpus, the next command rebuilds instead of
    // trusting an index that may lack the new documents.
    write_atomically(
        &live.generation.join(MANIFEST),
        &serde_json::to_vec_pretty(&manifest)?,
    )?;
    Ok(())
}

/// Writes a file so that readers see either the old or the new content, never a part.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let temporary = path.with_extension(format!("tmp-{}", std::process::id()));
    fs::write(&temporary, bytes).with_context(|| format!("writing {}", temporary.display()))?;
    let file = fs::File::open(&temporary)?;
    file.sync_all()?;
    fs::rename(&temporary, path).with_context(|| format!("replacing {}", path.display()))?;
    Ok(())
}

/// Deletes generations other than `keep`. Best effort: a generation another process still
/// reads stays readable on Unix until it closes it, and a failure here only wastes disk.
fn remove_old_generations(index_dir: &Path, keep: &str) {
    let Ok(listing) = fs::read_dir(index_dir) else {
        return;
    };
    for entry in listing.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("gen-") && name != keep {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Where a corpus and its index live.
#[derive(Debug, Clone)]
pub struct Location {
    pub corpus: PathBuf,
    pub index: PathBuf,
}
