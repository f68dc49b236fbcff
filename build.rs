//! Embeds the default theme (`themes/default/`) in the binary, so a site without a `themes/`
//! folder still builds: writes a list of `(path, include_bytes!(...))` into OUT_DIR.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let theme = manifest.join("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    walk(&theme, &mut files);
    files.sort();
    let mut src = String::from("&[\n");
    for f in &files {
        let rel = f.strip_prefix(&theme).expect("walked under theme");
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.split('/').any(|p| p.starts_with('.')) {
            continue;
        }
        println!("cargo:rerun-if-changed={}", f.display());
        let _ = writeln!(
            src,
            "    ({rel:?}, include_bytes!({:?}) as &[u8]),",
            f.display()
        );
    }
    src.push(']');
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    std::fs::write(out.join("default_theme.rs"), src).expect("OUT_DIR is writable");
}
