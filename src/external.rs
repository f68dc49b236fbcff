//! `framsteg check --external`: every http(s) link in the site's Markdown, asked for once.
//! A HEAD request, then a GET when the server refuses HEAD; a timeout per request; several
//! hosts at a time but one request at a time per host, with a pause between; `link_check.skip`
//! patterns from `site.yaml` left alone; and a cache (`.framsteg-cache/links.json`) so that a
//! link that answered in the last day is not asked again. Never part of `build`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Problem};
use crate::link::Site;
use crate::markdown::{MdRefs, Reach};
use crate::model::{Lang, Origin};

/// How links are asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// For one request, connecting and reading included.
    pub timeout: Duration,
    /// Hosts asked at the same time.
    pub hosts_at_once: usize,
    /// Pause between two requests to the same host.
    pub pause: Duration,
    /// How long a link that answered is trusted without asking again.
    pub max_age: Duration,
    /// The cache file.
    pub cache: PathBuf,
}

impl Options {
    pub fn for_site(root: &Path) -> Self {
        Options {
            timeout: Duration::from_secs(10),
            hosts_at_once: 8,
            pause: Duration::from_millis(250),
            max_age: Duration::from_secs(24 * 3600),
            cache: root.join(".framsteg-cache").join("links.json"),
        }
    }
}

/// One answer, kept in the cache.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Answer {
    /// Seconds since 1970.
    checked: u64,
    /// None when the link works; else why not, as `why_text` words it.
    broken: Option<Why>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
enum Why {
    Status(u16),
    Timeout,
    NoHost,
    Other(String),
}

impl Why {
    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Why::Status(s), Lang::Sv) => format!("servern svarar {s}"),
            (Why::Status(s), Lang::En) => format!("the server answers {s}"),
            (Why::Timeout, Lang::Sv) => "inget svar inom tidsgränsen".into(),
            (Why::Timeout, Lang::En) => "no answer within the time limit".into(),
            (Why::NoHost, Lang::Sv) => "servern finns inte eller går inte att nå".into(),
            (Why::NoHost, Lang::En) => "the server does not exist or cannot be reached".into(),
            (Why::Other(m), _) => m.clone(),
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    links: BTreeMap<String, Answer>,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Whether `url` matches a `skip` pattern: `*` stands for any text; a pattern without `*`
/// matches URLs that start with it.
pub fn skipped(url: &str, patterns: &[String]) -> bool {
    patterns.iter().any(|p| {
        if !p.contains('*') {
            return url.starts_with(p.as_str());
        }
        let parts: Vec<&str> = p.split('*').collect();
        let (first, last) = (parts[0], parts[parts.len() - 1]);
        if !url.starts_with(first) {
            return false;
        }
        let mut rest = &url[first.len()..];
        for mid in &parts[1..parts.len() - 1] {
            match rest.find(mid) {
                Some(i) => rest = &rest[i + mid.len()..],
                None => return false,
            }
        }
        rest.ends_with(last)
    })
}

/// The host of an http(s) URL, lowercased, for politeness.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    rest[..end].to_ascii_lowercase()
}

type Places<'s> = BTreeMap<String, Vec<(&'s Origin, usize, usize)>>;

fn add<'s>(out: &mut Places<'s>, origin: &'s Origin, refs: &MdRefs) {
    for l in refs.links.iter().filter(|l| l.reach == Reach::External) {
        let url = match l.url.trim().strip_prefix("//") {
            Some(rest) => format!("https://{rest}"),
            None => l.url.trim().to_string(),
        };
        let url = url.split('#').next().unwrap_or("").to_string();
        out.entry(url)
            .or_default()
            .push((origin, l.at.line, l.at.column));
    }
}

/// Where each external URL is written: URL → places.
fn external_links(site: &Site) -> Places<'_> {
    let mut out = Places::new();
    for a in &site.articles {
        add(&mut out, &a.origin, &a.refs);
    }
    for s in &site.stories {
        add(&mut out, &s.origin, &s.refs);
    }
    for p in &site.pages {
        add(&mut out, &p.origin, &p.refs);
    }
    for i in &site.initiatives {
        add(&mut out, &i.origin, &i.refs);
    }
    if let Some(p) = &site.plan {
        add(&mut out, &p.origin, &p.refs);
    }
    out
}

fn agent(opts: &Options) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .http_status_as_error(false)
        .user_agent(concat!(
            "framsteg/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into()
}

fn why_of(e: ureq::Error) -> Why {
    match e {
        ureq::Error::Timeout(_) => Why::Timeout,
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => Why::NoHost,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => Why::NoHost,
        other => Why::Other(other.to_string()),
    }
}

/// Asks for one URL: HEAD, then GET when HEAD fails or is refused.
fn ask(agent: &ureq::Agent, url: &str) -> Option<Why> {
    match agent.head(url).call() {
        Ok(r) if r.status().as_u16() < 400 => return None,
        Err(ureq::Error::Timeout(_)) => return Some(Why::Timeout),
        Err(ureq::Error::HostNotFound) => return Some(Why::NoHost),
        _ => {}
    }
    match agent.get(url).call() {
        Ok(r) if r.status().as_u16() < 400 => None,
        Ok(r) => Some(Why::Status(r.status().as_u16())),
        Err(e) => Some(why_of(e)),
    }
}

/// Asks for every URL in `todo`, hosts in parallel, each host's URLs one after another.
fn ask_all(todo: Vec<String>, opts: &Options) -> HashMap<String, Option<Why>> {
    let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for url in todo {
        by_host.entry(host(&url)).or_default().push(url);
    }
    let queue = Mutex::new(by_host.into_values().collect::<Vec<_>>());
    let results = Mutex::new(HashMap::new());
    let agent = agent(opts);
    let workers = opts.hosts_at_once.max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let Some(urls) = queue.lock().ok().and_then(|mut q| q.pop()) else {
                    return;
                };
                for (n, url) in urls.iter().enumerate() {
                    if n > 0 {
                        std::thread::sleep(opts.pause);
                    }
                    let answer = ask(&agent, url);
                    if let Ok(mut r) = results.lock() {
                        r.insert(url.clone(), answer);
                    }
                }
            });
        }
    });
    results.into_inner().unwrap_or_default()
}

/// Checks every external link of the site; a broken one is an error at each place it is
/// written. Answers are cached in `opts.cache` (a link that worked is trusted for
/// `opts.max_age`; a broken one is asked again every run).
pub fn check(site: &Site, opts: &Options) -> Vec<Diagnostic> {
    let links = external_links(site);
    let mut cache: Cache = std::fs::read(&opts.cache)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let t = now();
    let fresh =
        |a: &Answer| a.broken.is_none() && t.saturating_sub(a.checked) < opts.max_age.as_secs();
    let todo: Vec<String> = links
        .keys()
        .filter(|u| !skipped(u, &site.config.link_check_skip))
        .filter(|u| !cache.links.get(*u).is_some_and(fresh))
        .cloned()
        .collect();
    for (url, broken) in ask_all(todo, opts) {
        cache.links.insert(url, Answer { checked: t, broken });
    }
    if let Some(dir) = opts.cache.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(json) = serde_json::to_vec_pretty(&cache) {
        let tmp = opts.cache.with_extension("json.tmp");
        if std::fs::write(&tmp, json).is_ok() {
            let _ = std::fs::rename(&tmp, &opts.cache);
        }
    }
    let lang = site.config.language;
    let mut diags = Vec::new();
    for (url, places) in &links {
        if skipped(url, &site.config.link_check_skip) {
            continue;
        }
        let Some(why) = cache.links.get(url).and_then(|a| a.broken.as_ref()) else {
            continue;
        };
        for (origin, line, column) in places {
            let problem = Problem::BrokenLink {
                url: url.clone(),
                why: why.text(lang),
            };
            diags.push(Diagnostic::new(&origin.file, *line, *column, problem));
        }
    }
    crate::diag::sort(&mut diags);
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_patterns_match_prefixes_and_stars() {
        let p = vec![
            "https://intra.example.se/".to_string(),
            "*.pdf".into(),
            "https://*/login*".into(),
        ];
        assert!(skipped("https://intra.example.se/a", &p));
        assert!(skipped("https://x.se/rapport.pdf", &p));
        assert!(skipped("https://x.se/login?next=1", &p));
        assert!(!skipped("https://x.se/om", &p));
    }

    #[test]
    fn host_is_lowercased_and_ends_at_the_path() {
        assert_eq!(host("https://WWW.Kolada.se/x?y"), "www.kolada.se");
        assert_eq!(host("http://127.0.0.1:8080"), "127.0.0.1:8080");
    }
}
