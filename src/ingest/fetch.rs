//! Fetching pages over http(s) politely and safely.
//!
//! Blocking reqwest with rustls, an honest User-Agent, connect and read timeouts, a redirect
//! limit and a body size cap (the body is streamed into a buffer of at most `max_bytes + 1`, so
//! an endless or huge response costs no more than that). Connect failures, timeouts and 5xx
//! answers are retried with exponential backoff; a 4xx is final.

use std::io::Read;
use std::time::Duration;

use thiserror::Error;

/// How to fetch.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub connect_timeout: Duration,
    /// Longest wait for the response head or for any single read of the body.
    pub read_timeout: Duration,
    /// Longest time for the whole body: a server that trickles a byte at a time never trips
    /// `read_timeout`, so without this cap one slow page could hold an ingest for hours.
    pub body_timeout: Duration,
    /// Further attempts after the first one fails with a retryable error.
    pub retries: u32,
    /// Wait before the first retry; doubled before each further one.
    pub backoff: Duration,
    pub max_redirects: usize,
    /// Largest body accepted; anything longer is [`FetchError::TooLarge`].
    pub max_bytes: u64,
    pub user_agent: String,
}

impl Default for FetchOptions {
    fn default() -> FetchOptions {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(120),
            retries: 2,
            backoff: Duration::from_millis(500),
            max_redirects: 5,
            max_bytes: 20 * 1024 * 1024,
            user_agent: concat!(
                "zhengce/",
                env!("CARGO_PKG_VERSION"),
                " (+policy document search)"
            )
            .to_string(),
        }
    }
}

/// A fetched response body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The final URL, after redirects.
    pub url: String,
    pub bytes: Vec<u8>,
    /// The `Content-Type` header, for [`super::encoding::charset_from_content_type`].
    pub content_type: Option<String>,
}

/// Why a URL could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FetchError {
    #[error("only http and https URLs can be fetched, not {0:?}")]
    BadScheme(String),
    #[error("not a valid URL: {0}")]
    BadUrl(String),
    #[error("the server answered HTTP {0}")]
    Status(u16),
    #[error("the body is larger than the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("timed out (the server is too slow or unreachable; try again later)")]
    Timeout,
    #[error("the server sent the body too slowly (not complete after {seconds} s)")]
    TooSlow { seconds: u64 },
    #[error("too many redirects (more than {0})")]
    TooManyRedirects(usize),
    #[error("network error: {0}")]
    Network(String),
}

impl FetchError {
    /// Whether another attempt might succeed: timeouts and 5xx (connect failures, which are
    /// [`FetchError::Network`] too, are marked by [`Failure::connect`]).
    fn is_retryable(&self) -> bool {
        match self {
            FetchError::Timeout => true,
            FetchError::Status(status) => *status >= 500,
            _ => false,
        }
    }
}

/// One attempt's failure, with whether it failed to connect at all (worth retrying; other
/// network errors such as a TLS failure or a reset mid-body are not).
struct Failure {
    error: FetchError,
    connect: bool,
}

impl From<FetchError> for Failure {
    fn from(error: FetchError) -> Failure {
        Failure {
            error,
            connect: false,
        }
    }
}

/// A reusable HTTP client with its options, for fetching many URLs.
pub struct Fetcher {
    client: reqwest::blocking::Client,
    options: FetchOptions,
}

impl Fetcher {
    /// Builds the client (TLS setup is the expensive part; reuse one `Fetcher` for a batch).
    pub fn new(options: &FetchOptions) -> Result<Fetcher, FetchError> {
        let client = reqwest::blocking::Client::builder()
            .user_agent(options.user_agent.clone())
            .connect_timeout(options.connect_timeout)
            .timeout(options.read_timeout)
            .redirect(reqwest::redirect::Policy::limited(options.max_redirects))
            .build()
            .map_err(|e| FetchError::Network(e.to_string()))?;
        Ok(Fetcher {
            client,
            options: options.clone(),
        })
    }

    /// Fetches one URL, retrying retryable failures with exponential backoff.
    pub fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        let parsed = reqwest::Url::parse(url).map_err(|e| FetchError::BadUrl(e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(FetchError::BadScheme(parsed.scheme().to_string()));
        }
        let mut backoff = self.options.backoff;
        let mut attempt = 0;
        loop {
            match self.fetch_once(parsed.clone()) {
                Err(failure)
                    if (failure.connect || failure.error.is_retryable())
                        && attempt < self.options.retries =>
                {
                    attempt += 1;
                    std::thread::sleep(backoff);
                    backoff = backoff.saturating_mul(2);
                }
                Err(failure) => return Err(failure.error),
                Ok(fetched) => return Ok(fetched),
            }
        }
    }

    fn fetch_once(&self, url: reqwest::Url) -> Result<Fetched, Failure> {
        let response = self.client.get(url).send().map_err(|e| self.classify(&e))?;
        let status = response.status();
        if !status.is_success() {
            return Err(FetchError::Status(status.as_u16()).into());
        }
        let limit = self.options.max_bytes;
        if response.content_length().is_some_and(|len| len > limit) {
            return Err(FetchError::TooLarge { limit }.into());
        }
        let final_url = response.url().to_string();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
        let bytes = read_body(response, limit, self.options.body_timeout)?;
        Ok(Fetched {
            url: final_url,
            bytes,
            content_type,
        })
    }

    fn classify(&self, error: &reqwest::Error) -> Failure {
        let fetch_error = if error.is_redirect() {
            FetchError::TooManyRedirects(self.options.max_redirects)
        } else if error.is_timeout() {
            FetchError::Timeout
        } else {
            FetchError::Network(error_chain(error))
        };
        Failure {
            error: fetch_error,
            connect: error.is_connect(),
        }
    }
}

/// Reads at most `limit` bytes of body, giving up once `deadline` has passed. Each read is
/// bounded by the client's read timeout, so the whole takes at most `deadline` plus one read.
fn read_body(
    mut response: reqwest::blocking::Response,
    limit: u64,
    deadline: Duration,
) -> Result<Vec<u8>, Failure> {
    let started = std::time::Instant::now();
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    loop {
        let read = match response.read(&mut chunk) {
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(classify_io(&e).into()),
        };
        if read == 0 {
            return Ok(bytes);
        }
        bytes.extend_from_slice(&chunk[..read]);
        if bytes.len() as u64 > limit {
            return Err(FetchError::TooLarge { limit }.into());
        }
        if started.elapsed() > deadline {
            let seconds = deadline.as_secs();
            return Err(FetchError::TooSlow { seconds }.into());
        }
    }
}

/// Fetches one URL with a client built for the call. For batches, reuse a [`Fetcher`].
pub fn fetch(url: &str, options: &FetchOptions) -> Result<Fetched, FetchError> {
    Fetcher::new(options)?.fetch(url)
}

/// A body read error: reqwest reports its read timeout as an io error wrapping its own error.
fn classify_io(error: &std::io::Error) -> FetchError {
    let inner_timeout = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
        .is_some_and(reqwest::Error::is_timeout);
    if error.kind() == std::io::ErrorKind::TimedOut || inner_timeout {
        FetchError::Timeout
    } else {
        FetchError::Network(error.to_string())
    }
}

/// The error and its causes on one line (reqwest's own message alone is often just
/// "error sending request").
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_user_agent_is_honest() {
        let options = FetchOptions::default();
        assert!(options.user_agent.starts_with("zhengce/0."));
        assert!(options.user_agent.contains("policy document search"));
        assert_eq!(options.max_bytes, 20 * 1024 * 1024);
    }

    #[test]
    fn non_http_schemes_are_refused_before_any_network() {
        let fetcher = Fetcher::new(&FetchOptions::default()).unwrap();
        assert_eq!(
            fetcher.fetch("file:///etc/passwd"),
            Err(FetchError::BadScheme("file".into()))
        );
        assert!(matches!(
            fetcher.fetch("not a url"),
            Err(FetchError::BadUrl(_))
        ));
    }

    #[test]
    fn only_transient_errors_are_retried() {
        assert!(FetchError::Status(503).is_retryable());
        assert!(FetchError::Timeout.is_retryable());
        assert!(!FetchError::Status(404).is_retryable());
        assert!(!FetchError::TooLarge { limit: 1 }.is_retryable());
    }
}
