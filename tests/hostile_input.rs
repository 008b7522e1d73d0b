//! Hostile input to the real binary: each bad file or URL gets a one-line error naming it,
//! exit status 2, and leaves the corpus and the answers to searches exactly as they were.
//!
//! Every test works in its own temporary folder holding a copy of the seed corpus and an index
//! built from it by `zhengce rebuild`. Network tests talk only to servers on 127.0.0.1 started
//! here; each stops sending after a bounded time or amount.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Output};
use std::thread;
use std::time::{Duration, Instant};

use common::http::{Reply, serve};
use common::{stderr, stdout};

const SEED: &[u8] = include_bytes!("../corpus/shanghai-2003-41.txt");

/// A private corpus (a copy of the seed) and an index built from it.
struct Workspace {
    dir: tempfile::TempDir,
}

/// Everything a user could observe about what is stored.
#[derive(Debug, PartialEq, Eq)]
struct Stored {
    files: BTreeMap<String, Vec<u8>>,
    search: String,
    list: String,
}

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::tempdir().expect("temporary directory");
        fs::create_dir(dir.path().join("corpus")).expect("corpus folder");
        fs::write(dir.path().join("corpus/shanghai-2003-41.txt"), SEED).expect("seed copy");
        let workspace = Workspace { dir };
        let built = workspace.run(&["rebuild"], &[]);
        assert!(built.status.success(), "rebuild: {}", stderr(&built));
        workspace
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_zhengce"))
            .arg("--corpus")
            .arg(self.path("corpus"))
            .arg("--index")
            .arg(self.path("index"))
            .args(args)
            .envs(env.iter().copied())
            .env("NO_COLOR", "1")
            .output()
            .expect("running zhengce")
    }

    fn stored(&self) -> Stored {
        let mut files = BTreeMap::new();
        let root = self.path("corpus");
        let mut stack = vec![root.clone()];
        while let Some(folder) = stack.pop() {
            for entry in fs::read_dir(folder).expect("corpus listing") {
                let path = entry.expect("corpus entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let name = path.strip_prefix(&root).expect("inside corpus");
                    files.insert(name.display().to_string(), fs::read(&path).expect("file"));
                }
            }
        }
        let search = self.run(&["search", "--json", "非定编机构"], &[]);
        assert_eq!(search.status.code(), Some(0), "{}", stderr(&search));
        let list = self.run(&["list", "--json"], &[]);
        assert_eq!(list.status.code(), Some(0), "{}", stderr(&list));
        Stored {
            files,
            search: stdout(&search),
            list: stdout(&list),
        }
    }

    /// Ingests `input` and checks the refusal: exit 2, one stderr line naming the input and
    /// holding `reason`, no panic, and nothing stored changed. Returns the time it took.
    fn refuses(&self, input: &str, reason: &str, env: &[(&str, &str)]) -> Duration {
        let before = self.stored();
        let started = Instant::now();
        let output = self.run(&["ingest", input], env);
        let took = started.elapsed();
        let errors = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{input}: {errors}");
        assert!(!errors.contains("panicked"), "{input}: {errors}");
        let named: Vec<&str> = errors
            .lines()
            .filter(|line| line.starts_with(&format!("zhengce: {input}: ")))
            .collect();
        assert_eq!(named.len(), 1, "one line names {input}: {errors}");
        assert!(
            named[0].contains(reason),
            "{input}: expected {reason:?} in {errors}"
        );
        // A file is named once, and not again by the name it would have had in the corpus.
        // (A URL may be named again by the HTTP client's own message.)
        if !input.contains("://") {
            let file_name = std::path::Path::new(input)
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned());
            assert_eq!(
                named[0].matches(file_name.as_str()).count(),
                1,
                "{input} named twice: {}",
                named[0]
            );
        }
        assert!(
            stdout(&output).contains("added 0 documents"),
            "{}",
            stdout(&output)
        );
        assert_eq!(self.stored(), before, "{input} changed what is stored");
        took
    }

    /// Writes `bytes` to a file outside the corpus and returns its path.
    fn input(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.path(name);
        fs::write(&path, bytes).expect("writing the input");
        path.display().to_string()
    }
}

#[test]
fn binary_files_are_refused() {
    let workspace = Workspace::new();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..=255u8).cycle().take(4096));
    for name in ["image.txt", "image.html", "image.jsonl"] {
        let input = workspace.input(name, &png);
        workspace.refuses(&input, "binary data", &[]);
    }
}

#[test]
fn empty_files_are_refused() {
    let workspace = Workspace::new();
    for (name, bytes) in [("empty.txt", &b""[..]), ("blank.html", b" \n\t\r\n ")] {
        let input = workspace.input(name, bytes);
        workspace.refuses(&input, "empty", &[]);
    }
}

#[test]
fn nul_bytes_inside_text_are_refused() {
    let workspace = Workspace::new();
    let mut bytes = "关于加强清洁生产审核工作的通知\n各区县人民政府："
        .as_bytes()
        .to_vec();
    bytes.push(0);
    bytes.extend_from_slice("现将有关事项通知如下。".as_bytes());
    let input = workspace.input("nul.txt", &bytes);
    workspace.refuses(&input, "NUL byte at offset", &[]);
}

#[test]
fn truncated_utf8_is_refused_not_read_as_gbk() {
    let workspace = Workspace::new();
    // Chinese UTF-8 cut every few characters: read as GBK it would be plausible mojibake.
    let text = "关于加强清洁生产审核工作的通知。各区县人民政府，市政府各委办局：";
    let mut bytes = Vec::new();
    for (i, c) in text.chars().enumerate() {
        let mut buf = [0u8; 4];
        let encoded = c.encode_utf8(&mut buf).as_bytes();
        bytes.extend_from_slice(if i % 3 == 2 { &encoded[..2] } else { encoded });
    }
    let input = workspace.input("truncated.txt", &bytes);
    workspace.refuses(&input, "not valid UTF-8", &[]);
}

#[test]
fn a_file_cut_off_mid_character_is_not_read_as_mojibake() {
    let workspace = Workspace::new();
    let text = "关于加强清洁生产审核工作的通知\n各区县人民政府：\n现将加强清洁生产审核工作的有关事项通知如下。";
    let bytes = &text.as_bytes()[..text.len() - 1];
    let input = workspace.input("cut.txt", bytes);
    let output = workspace.run(&["ingest", &input], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let shown = workspace.run(&["show", "cut"], &[]);
    let shown = stdout(&shown);
    assert!(
        shown.contains("现将加强清洁生产审核工作的有关事项通知如下"),
        "{shown}"
    );
}

#[test]
fn a_50_mb_single_line_is_refused_quickly() {
    let workspace = Workspace::new();
    let sentence = "为贯彻落实清洁生产促进法，推动本市清洁生产工作深入开展，现提出如下意见，";
    let line = sentence.repeat(50 * 1024 * 1024 / sentence.len());
    let input = workspace.input("one-line.txt", line.as_bytes());
    let took = workspace.refuses(&input, "line 1 is", &[]);
    assert!(took < Duration::from_secs(60), "took {took:?}");
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading() {
    let workspace = Workspace::new();
    let path = workspace.path("huge.txt");
    // Sparse: 65 MiB by its metadata, no disk space used. Reading it would need 65 MiB.
    let file = fs::File::create(&path).expect("creating");
    file.set_len(65 * 1024 * 1024).expect("sizing");
    let took = workspace.refuses(&path.display().to_string(), "over the limit of 64 MiB", &[]);
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn deeply_nested_html_is_refused_without_overflowing_the_stack() {
    let workspace = Workspace::new();
    let depth = 100_000;
    let mut html = String::from("<html><body>");
    html.push_str(&"<div>".repeat(depth));
    html.push_str(&"</div>".repeat(depth));
    html.push_str("</body></html>");
    let input = workspace.input("nested.html", html.as_bytes());
    let took = workspace.refuses(&input, "no document text found", &[]);
    assert!(took < Duration::from_secs(60), "took {took:?}");
}

#[test]
fn deeply_nested_html_with_text_keeps_the_text() {
    let workspace = Workspace::new();
    let depth = 100_000;
    let mut html =
        String::from("<html><head><title>关于深层嵌套页面测试的通知</title></head><body>");
    html.push_str(&"<div>".repeat(depth));
    html.push_str("<p>为检验页面解析，现将深层嵌套页面中的正文内容通知如下，请认真贯彻执行。</p>");
    html.push_str(&"</div>".repeat(depth));
    html.push_str("</body></html>");
    let input = workspace.input("nested-text.html", html.as_bytes());
    let output = workspace.run(&["ingest", &input], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let found = workspace.run(&["search", "--json", "深层嵌套页面中的正文"], &[]);
    assert_eq!(found.status.code(), Some(0), "{}", stderr(&found));
}

#[test]
fn json_lines_with_wrong_types_are_refused() {
    let workspace = Workspace::new();
    let cases: [(&str, &str); 4] = [
        (r#"{"title": 5, "body": []}"#, "line 1"),
        (r#"["not", "an", "object"]"#, "line 1"),
        (
            r#"{"title": "关于某事的通知", "body": {"text": "x"}}"#,
            "line 1",
        ),
        (r#"{"title": "关于某事的通知""#, "line 1"),
    ];
    for (n, (line, reason)) in cases.into_iter().enumerate() {
        let input = workspace.input(&format!("wrong-{n}.jsonl"), line.as_bytes());
        workspace.refuses(&input, reason, &[]);
    }
}

#[test]
fn file_and_ftp_urls_are_refused() {
    let workspace = Workspace::new();
    for url in ["file:///etc/passwd", "ftp://127.0.0.1/policy.html"] {
        workspace.refuses(url, "only http and https URLs", &[]);
    }
}

#[test]
fn an_unreachable_host_is_reported() {
    let workspace = Workspace::new();
    let took = workspace.refuses("http://127.0.0.1:1/", "network error", &[]);
    assert!(took < Duration::from_secs(30), "took {took:?}");
}

/// Serves each connection with `respond` on 127.0.0.1 and returns the base URL.
fn serve_raw(respond: fn(&mut TcpStream)) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("local address"));
    thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            thread::spawn(move || {
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                respond(&mut stream);
            });
        }
    });
    base
}

const HEAD: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n\r\n";

/// A byte every 50 ms, for at most 30 s: each read is quick, the whole never ends.
fn trickle(stream: &mut TcpStream) {
    let _ = stream.write_all(HEAD);
    let _ = stream.write_all(b"<html><body><p>");
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if stream.write_all("政".as_bytes()).is_err() {
            return;
        }
        thread::sleep(Duration::from_millis(50));
    }
}

/// 25 MiB with no Content-Length, as fast as the client takes it.
fn endless(stream: &mut TcpStream) {
    let _ = stream.write_all(HEAD);
    let chunk = "政策".repeat(10_000);
    let mut sent = 0;
    while sent < 25 * 1024 * 1024 {
        if stream.write_all(chunk.as_bytes()).is_err() {
            return;
        }
        sent += chunk.len();
    }
}

#[test]
fn a_slow_body_is_cut_off() {
    let workspace = Workspace::new();
    let url = format!("{}/slow.html", serve_raw(trickle));
    let took = workspace.refuses(&url, "too slowly", &[("ZHENGCE_FETCH_TIMEOUT", "2")]);
    assert!(took < Duration::from_secs(15), "took {took:?}");
}

#[test]
fn oversized_bodies_are_refused() {
    let workspace = Workspace::new();
    let declared = serve(|_| Reply::ok("text/html", vec![b'x'; 21 * 1024 * 1024]));
    workspace.refuses(
        &format!("{declared}/big.html"),
        "larger than the limit",
        &[],
    );
    let streamed = serve_raw(endless);
    workspace.refuses(
        &format!("{streamed}/endless.html"),
        "larger than the limit",
        &[],
    );
}
