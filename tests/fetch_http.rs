//! Fetching against a tiny HTTP server the test starts on 127.0.0.1: encodings declared in the
//! header, in `<meta>` and not at all; a 404; slow responses; a redirect loop; oversized
//! bodies; retries of transient failures.

use std::collections::HashMap;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

mod common;

use common::http::read_request;
use zhengce::ingest::encoding::{DecodedHow, charset_from_content_type, decode};
use zhengce::ingest::fetch::{FetchError, FetchOptions, Fetched, Fetcher, fetch};

const PAGE: &str = "<html><head><title>上海市人民政府办公厅关于本市推行清洁生产的若干意见</title></head>\
    <body><div id=\"UCAP-CONTENT\"><p>为贯彻落实《中华人民共和国清洁生产促进法》，推动本市清洁生产工作的深入开展，\
    现提出如下意见。各区、县人民政府，市政府各委、办、局要高度重视，认真组织实施。</p></div></body></html>";

struct Server {
    base: String,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

fn start_server() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let counter = Arc::clone(&hits);
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let counter = Arc::clone(&counter);
            thread::spawn(move || handle(stream, &counter));
        }
    });
    Server { base, hits }
}

fn handle(mut stream: TcpStream, hits: &Mutex<HashMap<String, usize>>) {
    let Some((path, request)) = read_request(&mut stream) else {
        return;
    };
    let hit = {
        let mut hits = hits.lock().unwrap();
        let count = hits.entry(path.clone()).or_default();
        *count += 1;
        *count
    };
    let ok = |content_type: &str, body: &[u8]| {
        response("200 OK", &[("Content-Type", content_type)], body)
    };
    let reply = match path.as_str() {
        "/utf8" => ok("text/html; charset=utf-8", PAGE.as_bytes()),
        "/gbk-header" => ok("text/html; charset=GBK", &gbk(PAGE)),
        "/gbk-meta" => {
            let page = PAGE.replace(
                "<head>",
                "<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">",
            );
            ok("text/html", &gbk(&page))
        }
        "/gbk-none" => ok("text/html", &gbk(PAGE)),
        "/user-agent" => ok("text/plain", request.as_bytes()),
        "/missing" => response("404 Not Found", &[], b"not here"),
        "/slow-head" => {
            thread::sleep(Duration::from_secs(3));
            ok("text/html; charset=utf-8", PAGE.as_bytes())
        }
        "/slow-body" => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(b"<html>");
            thread::sleep(Duration::from_secs(3));
            return;
        }
        "/loop" => response("302 Found", &[("Location", "/loop")], b""),
        "/big" => ok("text/plain", &vec![b'x'; 10_000]),
        "/big-unannounced" => {
            // No Content-Length: only the streaming cap can stop it.
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            for _ in 0..100 {
                if stream.write_all(&[b'y'; 1000]).is_err() {
                    return;
                }
            }
            return;
        }
        "/flaky" if hit == 1 => response("503 Service Unavailable", &[], b"busy"),
        "/flaky" => ok("text/html; charset=utf-8", PAGE.as_bytes()),
        "/down" => response("503 Service Unavailable", &[], b"busy"),
        _ => response("404 Not Found", &[], b""),
    };
    let _ = stream.write_all(&reply);
}

fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

/// Short timeouts and backoff so the suite stays fast.
fn options() -> FetchOptions {
    FetchOptions {
        connect_timeout: Duration::from_secs(1),
        read_timeout: Duration::from_secs(1),
        retries: 2,
        backoff: Duration::from_millis(10),
        max_bytes: 1_000_000,
        ..FetchOptions::default()
    }
}

fn decoded(fetched: &Fetched) -> zhengce::ingest::encoding::Decoded {
    let declared = fetched
        .content_type
        .as_deref()
        .and_then(charset_from_content_type);
    decode(&fetched.bytes, declared.as_deref()).expect("decodes")
}

#[test]
fn pages_in_utf8_and_gbk_decode_right() {
    let server = start_server();
    let fetcher = Fetcher::new(&options()).unwrap();
    let cases = [
        ("/utf8", "UTF-8", DecodedHow::Declared),
        ("/gbk-header", "GBK", DecodedHow::Declared),
        ("/gbk-meta", "GBK", DecodedHow::Meta),
        ("/gbk-none", "GBK", DecodedHow::Detected),
    ];
    for (path, encoding, how) in cases {
        let fetched = fetcher.fetch(&server.url(path)).unwrap();
        assert_eq!(fetched.url, server.url(path));
        let text = decoded(&fetched);
        assert_eq!((text.encoding, text.how), (encoding, how), "{path}");
        assert!(
            text.text.contains("清洁生产促进法"),
            "{path}: {}",
            text.text
        );
        assert!(text.text.contains("推动本市清洁生产工作"), "{path}");
    }
}

#[test]
fn user_agent_is_sent() {
    let server = start_server();
    let fetched = fetch(&server.url("/user-agent"), &options()).unwrap();
    let request = String::from_utf8(fetched.bytes).unwrap();
    assert!(request.contains("user-agent: zhengce/"), "{request}");
}

#[test]
fn not_found_is_final() {
    let server = start_server();
    assert_eq!(
        fetch(&server.url("/missing"), &options()),
        Err(FetchError::Status(404))
    );
    assert_eq!(server.hits("/missing"), 1, "a 4xx must not be retried");
}

#[test]
fn slow_responses_time_out() {
    let server = start_server();
    let options = FetchOptions {
        retries: 0,
        ..options()
    };
    for path in ["/slow-head", "/slow-body"] {
        let started = Instant::now();
        assert_eq!(
            fetch(&server.url(path), &options),
            Err(FetchError::Timeout),
            "{path}"
        );
        assert!(
            started.elapsed() < Duration::from_millis(2500),
            "{path}: {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn redirect_loop_is_cut_off() {
    let server = start_server();
    assert_eq!(
        fetch(&server.url("/loop"), &options()),
        Err(FetchError::TooManyRedirects(5))
    );
    assert_eq!(
        server.hits("/loop"),
        6,
        "the first request and five redirects"
    );
}

#[test]
fn oversized_bodies_are_refused() {
    let server = start_server();
    let options = FetchOptions {
        max_bytes: 1000,
        ..options()
    };
    for path in ["/big", "/big-unannounced"] {
        assert_eq!(
            fetch(&server.url(path), &options),
            Err(FetchError::TooLarge { limit: 1000 }),
            "{path}"
        );
    }
    // Exactly at the limit is fine.
    let options = FetchOptions {
        max_bytes: 10_000,
        ..options
    };
    assert_eq!(
        fetch(&server.url("/big"), &options).unwrap().bytes.len(),
        10_000
    );
}

#[test]
fn server_errors_are_retried_with_backoff() {
    let server = start_server();
    let fetched = fetch(&server.url("/flaky"), &options()).unwrap();
    assert!(decoded(&fetched).text.contains("清洁生产"));
    assert_eq!(server.hits("/flaky"), 2);

    assert_eq!(
        fetch(&server.url("/down"), &options()),
        Err(FetchError::Status(503))
    );
    assert_eq!(server.hits("/down"), 3, "one attempt and two retries");
}

#[test]
fn connection_refused_is_a_network_error_and_retried() {
    // Bind and drop to get a port nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let options = FetchOptions {
        backoff: Duration::from_millis(200),
        ..options()
    };
    let started = Instant::now();
    let result = fetch(&format!("http://127.0.0.1:{port}/"), &options);
    assert!(matches!(result, Err(FetchError::Network(_))), "{result:?}");
    // Two retries after 200 ms and 400 ms of backoff.
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn file_and_ftp_urls_are_refused() {
    for url in ["file:///etc/passwd", "ftp://ftp.example.cn/a.html"] {
        let scheme = url.split(':').next().unwrap();
        assert_eq!(
            fetch(url, &options()),
            Err(FetchError::BadScheme(scheme.into()))
        );
    }
}
