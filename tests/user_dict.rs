//! A user dictionary in `corpus/userdict.txt` reaches the index: its words become vocabulary
//! words (ranked as words) instead of being split by jieba. Its own test binary, because the
//! segmenter is built once per process.

use zhengce::cmd::open_index;
use zhengce::index::Location;
use zhengce::search::plan::vocabulary_words;

#[test]
fn words_from_the_user_dictionary_are_indexed_whole() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("notice.txt"),
        "关于推进绿色贷款贴息工作的通知\n各区人民政府：\n为做好绿色贷款贴息工作，现通知如下。\n",
    )
    .unwrap();
    std::fs::write(corpus.join("userdict.txt"), "绿色贷款贴息 100000 n\n").unwrap();
    let location = Location {
        corpus,
        index: dir.path().join("index"),
    };
    let index = open_index(&location).expect("building the index");
    let searcher = index.reader.searcher();
    let groups = vocabulary_words(&searcher, &index.fields, "绿色贷款贴息工作");
    assert_eq!(groups[0][0], "绿色贷款贴息", "{groups:?}");
}
