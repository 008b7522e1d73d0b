//! Command-line arguments (clap derive). Converted to plain option structs before any work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Full-text search for Chinese government policy documents (政策文件).
#[derive(Debug, Parser)]
#[command(name = "zhengce", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Directory of raw documents, the source of truth.
    #[arg(long, global = true, default_value = "corpus", value_name = "DIR")]
    pub corpus: PathBuf,
    /// Directory of the built index (generated from the corpus).
    #[arg(long, global = true, default_value = "index", value_name = "DIR")]
    pub index: PathBuf,
    /// When to colour output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Search passages; builds the index on first use.
    #[command(after_help = QUERY_HELP)]
    Search(SearchArgs),
    /// List the documents in the corpus.
    List(ListArgs),
    /// Print one cleaned document with its sections.
    Show(ShowArgs),
    /// Compare two versions of a document clause by clause.
    Diff(DiffArgs),
    /// Add files, folders or URLs to the corpus and the index.
    Ingest(IngestArgs),
    /// Rebuild the index from the corpus and swap it in atomically.
    Rebuild(RebuildArgs),
}

const QUERY_HELP: &str = "\
Query language:
  清洁生产 审核        both terms (AND); each must occur verbatim in the passage,
                       its headings or its document title
  \"清洁生产 审核\"      an exact phrase (spaces inside are ignored, as in the index)
  -罚款                exclude passages containing 罚款
  审核 OR 监督         either term
  沪府办发[2003]41号   a document number in any bracket style finds its documents first
  《民法典》第1254条   a citation returns that article first (also 民法典第一千二百五十四条,
                       个人信息保护法 第三十八条)
A query whose words never occur together verbatim (a question such as 公司拖欠工资怎么办)
falls back to passages sharing most of its words; the header says so.
Put exclusions inside one quoted query (`zhengce search '清洁生产 -罚款'`) or after `--`
(`zhengce search -- 清洁生产 -罚款`): a bare `-罚款` would be read as an option.

Exit status: 0 something found, 1 nothing found, 2 error.";

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (several words are joined with spaces).
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// Only documents whose 发文机构 contains this text.
    #[arg(long)]
    pub agency: Option<String>,
    /// Only documents with this 发文字号 (any bracket style).
    #[arg(long)]
    pub doc_no: Option<String>,
    /// Only documents of this kind (通知, 实施意见, 法 …).
    #[arg(long)]
    pub kind: Option<String>,
    /// Written (else published) on or after this date, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Written (else published) on or before this date, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only documents with this status (现行有效, 已废止, 历史版本 …) or `current`.
    #[arg(long)]
    pub status: Option<String>,
    /// Order of results.
    #[arg(long, value_enum, default_value_t = SortChoice::Relevance)]
    pub sort: SortChoice,
    /// Number of hits to show.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Show a passage once per version instead of once with its versions listed.
    #[arg(long)]
    pub all_versions: bool,
    /// Print JSON (see README for the shape).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortChoice {
    Relevance,
    Date,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print JSON (see README for the shape).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Document id, as `zhengce list` prints it.
    pub id: String,
    /// Print JSON (see README for the shape).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Old document id (default: the previous version of the only versioned document).
    pub old: Option<String>,
    /// New document id.
    pub new: Option<String>,
    /// Two columns aligned by clause.
    #[arg(long)]
    pub side_by_side: bool,
    /// Also write a self-contained HTML report to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Hide changes that only touch punctuation.
    #[arg(long)]
    pub ignore_punct: bool,
    /// Print JSON (see README for the shape).
    #[arg(long)]
    pub json: bool,
    /// Terminal width for --side-by-side (default: detected, else 100).
    #[arg(long)]
    pub width: Option<usize>,
}

#[derive(Debug, Args)]
pub struct RebuildArgs {
    /// Fail at once instead of waiting when another zhengce is writing.
    #[arg(long)]
    pub no_wait: bool,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Fail at once instead of waiting when another zhengce is writing.
    #[arg(long)]
    pub no_wait: bool,
    /// Files, folders (recursively) or http(s) URLs.
    pub inputs: Vec<String>,
    /// A file with one URL or path per line.
    #[arg(long, value_name = "FILE")]
    pub urls: Option<PathBuf>,
}
