//! Helpers for integration tests: a fixture site copied into a temp folder, built with the
//! library or the binary, and its output read back as parsed HTML.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use framsteg::diag::Diagnostic;
use framsteg::pipeline::{self, Failure};
use scraper::{Html, Selector};
use tempfile::TempDir;

pub mod search;

pub struct TestSite {
    _dir: TempDir,
    pub root: PathBuf,
}

impl TestSite {
    /// A copy of `tests/fixtures/<name>` in a fresh temp folder.
    pub fn fixture(name: &str) -> Self {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        for e in walkdir::WalkDir::new(&src)
            .into_iter()
            .filter_map(Result::ok)
        {
            let rel = e.path().strip_prefix(&src).expect("under src");
            let dest = root.join(rel);
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&dest).expect("mkdir");
            } else {
                std::fs::copy(e.path(), &dest).expect("copy");
            }
        }
        TestSite { _dir: dir, root }
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().expect("has parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root.join(rel)).expect("remove");
    }

    /// Replaces `from` with `to` in a file, asserting `from` was there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read_src(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, text.replacen(from, to, 1));
    }

    pub fn read_src(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).expect("read source")
    }

    pub fn build(&self) -> Result<(), Failure> {
        pipeline::build(&self.root, None).map(|_| ())
    }

    /// Builds and expects failure; returns every diagnostic.
    pub fn errors(&self) -> Vec<Diagnostic> {
        match pipeline::build(&self.root, None) {
            Ok(_) => panic!("the build should have failed"),
            Err(f) => f.diags,
        }
    }

    pub fn out(&self, rel: &str) -> PathBuf {
        self.root.join("output").join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out(rel))
            .unwrap_or_else(|e| panic!("output/{rel} should exist: {e}"))
    }

    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }

    pub fn cli(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_framsteg"))
            .arg("--root")
            .arg(&self.root)
            .args(args)
            .output()
            .expect("run framsteg")
    }
}

/// The texts of every element matching `css`.
pub fn texts(doc: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).expect("valid selector");
    doc.select(&sel)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_ascii_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The values of `attr` on every element matching `css`.
pub fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(css).expect("valid selector");
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(String::from))
        .collect()
}

/// A snapshot of every file under `dir`: path → bytes.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("under dir").to_path_buf();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}
