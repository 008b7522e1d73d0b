//! A tiny HTTP/1.1 server on 127.0.0.1 for tests: fixed responses by path, one thread per
//! connection, gone when the test process ends.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;

/// A canned response: status line (`200 OK`), headers and body.
#[derive(Clone)]
pub struct Reply {
    pub status: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn ok(content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status: "200 OK",
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    pub fn not_found() -> Reply {
        Reply {
            status: "404 Not Found",
            headers: Vec::new(),
            body: b"not found".to_vec(),
        }
    }
}

/// Reads a request's head; returns its path and the whole head, or `None` if the client went
/// away first.
pub fn read_request(stream: &mut TcpStream) -> Option<(String, String)> {
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return None,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let request = String::from_utf8_lossy(&request).into_owned();
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    Some((path, request))
}

/// Starts the server; `route` maps a request path to its reply. Returns the base URL.
pub fn serve(route: impl Fn(&str) -> Reply + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("local address"));
    let route = std::sync::Arc::new(route);
    thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let route = std::sync::Arc::clone(&route);
            thread::spawn(move || {
                let Some((path, _)) = read_request(&mut stream) else {
                    return;
                };
                let reply = route(&path);
                let mut head = format!(
                    "HTTP/1.1 {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                    reply.status,
                    reply.body.len()
                );
                for (name, value) in &reply.headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&reply.body);
            });
        }
    });
    base
}
