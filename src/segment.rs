//! The one jieba segmenter of the process, with the policy vocabulary shipped in `data/`.
//!
//! Loading jieba's dictionary takes a noticeable fraction of a second, so it happens once, on
//! first use, and only in commands that segment text (indexing, diff); searching does not need it.

use std::io::BufReader;
use std::path::Path;
use std::sync::OnceLock;

use anyhow::Context;
use jieba_rs::Jieba;

/// Policy terms jieba's general dictionary splits or misses (`word [freq] [tag]` per line).
const POLICY_TERMS: &str = include_str!("../data/policy_terms.txt");

static JIEBA: OnceLock<Jieba> = OnceLock::new();

/// Loads a user dictionary (jieba's `word [freq] [tag]` format) on top of the shipped one.
/// Must be called before the first [`jieba`] call to take effect; returns false if the
/// segmenter was already built.
pub fn init_with_user_dict(user_dict: &Path) -> anyhow::Result<bool> {
    let extra = std::fs::read_to_string(user_dict)
        .with_context(|| format!("reading user dictionary {}", user_dict.display()))?;
    let mut jieba = with_policy_terms();
    jieba
        .load_dict(&mut BufReader::new(extra.as_bytes()))
        .with_context(|| {
            format!(
                "user dictionary {} is not in jieba's format",
                user_dict.display()
            )
        })?;
    Ok(JIEBA.set(jieba).is_ok())
}

/// The shared segmenter, built on first use.
pub fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(with_policy_terms)
}

/// Starts building the shared segmenter on another thread, so that its dictionary loads while
/// this one reads the corpus; the first [`jieba`] call waits for it to finish.
pub fn load_in_background() {
    std::thread::spawn(|| {
        jieba();
    });
}

fn with_policy_terms() -> Jieba {
    let mut jieba = Jieba::new();
    jieba
        .load_dict(&mut BufReader::new(POLICY_TERMS.as_bytes()))
        .expect("data/policy_terms.txt is valid (checked by a test)");
    jieba
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_terms_stay_whole() {
        let words: Vec<&str> = jieba()
            .cut("该办公室为非定编机构，推进清洁生产和循环经济", false)
            .into_iter()
            .map(|t| t.word)
            .collect();
        assert!(words.contains(&"非定编机构"), "{words:?}");
        assert!(words.contains(&"清洁生产"), "{words:?}");
        assert!(words.contains(&"循环经济"), "{words:?}");
    }
}
