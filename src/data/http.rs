//! A careful HTTP GET for `framsteg data kolada`: one `ureq` agent (rustls), a timeout per
//! request, a few retries with growing waits when the server is busy (429) or failing (5xx)
//! or the connection breaks, `Retry-After` respected, and errors a communicator can act on.

use std::time::Duration;

use thiserror::Error;

/// How patient to be with a server.
#[derive(Debug, Clone)]
pub struct Patience {
    /// The longest a whole request may take.
    pub timeout: Duration,
    /// Attempts after the first.
    pub retries: u32,
    /// The first wait between attempts; it doubles each time (or `Retry-After`, if longer).
    pub backoff: Duration,
    /// The longest single wait, also for a `Retry-After` that asks for more.
    pub max_wait: Duration,
}

impl Default for Patience {
    fn default() -> Self {
        Patience {
            timeout: Duration::from_secs(30),
            retries: 4,
            backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(60),
        }
    }
}

/// Why a GET gave no usable answer, in Swedish (the command's language).
#[derive(Debug, Error)]
pub enum FetchError {
    #[error("kunde inte nå {host}: är datorn ansluten till internet? ({detail})")]
    Offline { host: String, detail: String },
    #[error("{url} svarade inte inom {secs} sekunder")]
    Timeout { url: String, secs: u64 },
    #[error("{url} svarade {status} ({attempts} försök)")]
    Status {
        url: String,
        status: u16,
        attempts: u32,
    },
    #[error("{url}: {detail}")]
    Other { url: String, detail: String },
}

impl FetchError {
    /// The message in the site's language (`Display` is Swedish).
    pub fn message(&self, lang: crate::model::Lang) -> String {
        match (self, lang) {
            (_, crate::model::Lang::Sv) => self.to_string(),
            (FetchError::Offline { host, detail }, _) => {
                format!(
                    "could not reach {host}: is the computer connected to the internet? ({detail})"
                )
            }
            (FetchError::Timeout { url, secs }, _) => {
                format!("{url} did not answer within {secs} seconds")
            }
            (
                FetchError::Status {
                    url,
                    status,
                    attempts,
                },
                _,
            ) => {
                format!("{url} answered {status} ({attempts} attempts)")
            }
            (FetchError::Other { url, detail }, _) => format!("{url}: {detail}"),
        }
    }
}

pub struct Client {
    agent: ureq::Agent,
    patience: Patience,
}

impl Client {
    pub fn new(patience: Patience) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(patience.timeout))
            .http_status_as_error(false)
            .user_agent(concat!("framsteg/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client { agent, patience }
    }

    /// The body of a successful GET of `url`, retrying what is worth retrying.
    pub fn get_text(&self, url: &str) -> Result<String, FetchError> {
        let mut wait = self.patience.backoff;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let last = attempt > self.patience.retries;
            let (retry_after, error) = match self.agent.get(url).call() {
                Ok(mut resp) => {
                    let status = resp.status().as_u16();
                    if (200..300).contains(&status) {
                        return resp
                            .body_mut()
                            .with_config()
                            .limit(64 * 1024 * 1024)
                            .read_to_string()
                            .map_err(|e| self.error(url, e));
                    }
                    let retry_after = resp
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(Duration::from_secs);
                    let error = FetchError::Status {
                        url: url.to_string(),
                        status,
                        attempts: attempt,
                    };
                    if status != 429 && !(500..600).contains(&status) {
                        return Err(error);
                    }
                    (retry_after, error)
                }
                Err(e) => {
                    let transient = matches!(
                        e,
                        ureq::Error::Timeout(_)
                            | ureq::Error::Io(_)
                            | ureq::Error::ConnectionFailed
                    );
                    let error = self.error(url, e);
                    if !transient {
                        return Err(error);
                    }
                    (None, error)
                }
            };
            if last {
                return Err(error);
            }
            let pause = retry_after.map_or(wait, |r| r.max(wait));
            std::thread::sleep(pause.min(self.patience.max_wait));
            wait = wait.saturating_mul(2);
        }
    }

    fn error(&self, url: &str, e: ureq::Error) -> FetchError {
        let host = url
            .split("://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or(url)
            .to_string();
        match e {
            ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => FetchError::Offline {
                host,
                detail: e.to_string(),
            },
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                FetchError::Offline {
                    host,
                    detail: io.to_string(),
                }
            }
            ureq::Error::Timeout(_) => FetchError::Timeout {
                url: url.to_string(),
                secs: self.patience.timeout.as_secs(),
            },
            other => FetchError::Other {
                url: url.to_string(),
                detail: other.to_string(),
            },
        }
    }
}
