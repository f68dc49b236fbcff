//! Which `Host:` the preview answers: only the names of the address it is bound to, so that a
//! web page the communicator visits cannot read the preview (drafts, the search index, the
//! event stream) through DNS rebinding, where an attacker's name is made to point at
//! 127.0.0.1. Accepted: `localhost` and the loopback addresses (`127.0.0.1`, `[::1]`) when
//! bound to loopback or to all addresses; the address given with `--bind`; with `--bind
//! 0.0.0.0` (or `::`) any IP address (a rebinding attack needs a name). A port, when given,
//! must be the one bound. Anything else, and a request without `Host:`, gets 403.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{Request, State as AxState};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The address the server is bound to, to check `Host:` against.
#[derive(Debug, Clone, Copy)]
pub struct HostGuard {
    pub bind: IpAddr,
    pub port: u16,
}

impl HostGuard {
    /// True when a request with this `Host:` value is meant for this server.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let (name, port) = match host.strip_prefix('[') {
            Some(rest) => match rest.split_once(']') {
                Some((ip, tail)) => (ip.to_string(), tail.strip_prefix(':')),
                None => return false,
            },
            None => match host.rsplit_once(':') {
                Some((name, port)) => (name.to_string(), Some(port)),
                None => (host.clone(), None),
            },
        };
        if port.is_some_and(|p| p.parse::<u16>() != Ok(self.port)) {
            return false;
        }
        let local = self.bind.is_loopback() || self.bind.is_unspecified();
        match name.parse::<IpAddr>() {
            Ok(ip) => {
                ip == self.bind
                    || (local && ip.is_loopback())
                    || (self.bind.is_unspecified() && !ip.is_unspecified())
            }
            Err(_) => local && name == "localhost",
        }
    }
}

/// Middleware: 403 for a request whose `Host:` is not this server's.
pub async fn check(AxState(guard): AxState<Arc<HostGuard>>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()));
    if host.is_some_and(|h| guard.allows(h)) {
        return next.run(req).await;
    }
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Förbjudet: förhandsgranskningen svarar bara på adressen den startades på \
         (till exempel http://localhost:1111/).\n\
         Forbidden: the preview answers only on the address it was started on.\n",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_with_or_without_the_port() {
        let g = HostGuard {
            bind: "127.0.0.1".parse().unwrap(),
            port: 1111,
        };
        for ok in [
            "localhost",
            "localhost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(g.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "localhost:80",
            "192.168.1.5:1111",
            "[::1",
            "",
            "localhost.evil.example",
        ] {
            assert!(!g.allows(bad), "{bad}");
        }
    }

    #[test]
    fn a_bound_lan_address_and_any_address_when_bound_to_all() {
        let lan = HostGuard {
            bind: "192.168.1.5".parse().unwrap(),
            port: 1111,
        };
        assert!(lan.allows("192.168.1.5:1111"));
        assert!(!lan.allows("192.168.1.6:1111"));
        assert!(!lan.allows("localhost:1111"));
        let all = HostGuard {
            bind: "0.0.0.0".parse().unwrap(),
            port: 1111,
        };
        assert!(all.allows("192.168.1.6:1111"));
        assert!(all.allows("localhost"));
        assert!(!all.allows("evil.example:1111"));
    }
}
