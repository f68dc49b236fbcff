//! The user documentation cannot drift from the program: every key the loader accepts is in
//! the content reference (`docs/innehall.md`) under its mapping's section, and nothing there
//! that the loader refuses; every template, partial, filter, template variable and UI string of
//! the built-in theme is in the theme guide (`docs/teman.md`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use framsteg::load::ACCEPTED_KEYS;

fn read(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const MARKER: &str = "<!-- nycklar: ";

/// The reference's sections: mapping label → the keys its tables document (rows that start
/// with "| `key` |"), from one `<!-- nycklar: … -->` marker to the next.
fn reference_sections() -> BTreeMap<String, BTreeSet<String>> {
    let doc = read("docs/innehall.md");
    let mut sections = BTreeMap::new();
    let mut parts = doc.split(MARKER);
    parts.next();
    for part in parts {
        let (label, body) = part.split_once(" -->").expect("a marker ends with -->");
        let keys: BTreeSet<String> = body
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split_once("` |").map(|(k, _)| k.to_string()))
            .collect();
        let before = sections.insert(label.trim().to_string(), keys);
        assert!(before.is_none(), "two sections marked {label:?}");
    }
    sections
}

#[test]
fn every_key_the_loader_accepts_is_in_the_content_reference() {
    let sections = reference_sections();
    let mut missing = Vec::new();
    for list in ACCEPTED_KEYS {
        let Some(documented) = sections.get(list.mapping) else {
            missing.push(format!(
                "no section `{MARKER}{} -->` in docs/innehall.md",
                list.mapping
            ));
            continue;
        };
        for key in list.keys {
            if !documented.contains(*key) {
                missing.push(format!("`{key}` of {}", list.mapping));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/innehall.md lacks (add a table row \"| `key` | type | default | example | if wrong |\"):\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_content_reference_documents_no_key_the_loader_refuses() {
    let accepted: BTreeMap<&str, &[&str]> =
        ACCEPTED_KEYS.iter().map(|l| (l.mapping, l.keys)).collect();
    let mut extra = Vec::new();
    for (label, keys) in reference_sections() {
        let Some(known) = accepted.get(label.as_str()) else {
            extra.push(format!("section {label:?} is no mapping the loader reads"));
            continue;
        };
        for k in keys {
            if !known.contains(&k.as_str()) {
                extra.push(format!("`{k}` in section {label}"));
            }
        }
    }
    assert!(
        extra.is_empty(),
        "docs/innehall.md documents:\n{}",
        extra.join("\n")
    );
}

/// Every key list of `src/load/` (a `const …_KEYS`) must be registered in `ACCEPTED_KEYS`
/// (src/load/keys.rs), and every mapping must be read through one: a key list added without
/// registering it, or written inline, would escape the reference test.
#[test]
fn every_key_list_of_the_loader_is_registered() {
    let registry = read("src/load/keys.rs");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/load");
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".rs") || name == "keys.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines() {
            let Some((_, rest)) = line.split_once("const ") else {
                continue;
            };
            let Some((konst, _)) = rest.split_once(':') else {
                continue;
            };
            if konst.ends_with("_KEYS") && !registry.contains(&format!("::{konst})")) {
                problems.push(format!("{name}: {konst} is not in ACCEPTED_KEYS"));
            }
        }
        // Each call reading a mapping names its key list: `obj(…, X_KEYS)`.
        for (i, _) in text.match_indices("obj(") {
            if text[..i].ends_with("fn ") || text[..i].ends_with("fn list_") {
                continue;
            }
            let mut depth = 0;
            let call: String = text[i + 3..]
                .chars()
                .take_while(|c| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    depth > 0
                })
                .collect();
            if !call.contains("_KEYS") && !call.trim_end().ends_with("allowed") {
                problems.push(format!(
                    "{name}: a mapping read without a _KEYS list: obj{call})"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "register every key list in src/load/keys.rs:\n{}",
        problems.join("\n")
    );
}

/// The names of the files under `themes/default/<dir>`, relative to it.
fn theme_files(dir: &str) -> Vec<String> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    walkdir::WalkDir::new(base.join(dir))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(base.join(dir))
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

fn assert_all_in_guide(what: &str, names: impl IntoIterator<Item = String>) {
    let guide = read("docs/teman.md");
    let missing: Vec<String> = names
        .into_iter()
        .filter(|n| !guide.contains(&format!("`{n}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/teman.md lacks these {what} (written as `name`): {missing:?}"
    );
}

#[test]
fn every_template_and_static_file_of_the_builtin_theme_is_in_the_theme_guide() {
    assert_all_in_guide("templates", theme_files("templates"));
    assert_all_in_guide("static files", theme_files("static"));
}

#[test]
fn every_ui_string_key_is_in_the_theme_guide() {
    for lang in ["sv", "en"] {
        let text = read(&format!("themes/default/i18n/{lang}.yaml"));
        let map: BTreeMap<String, String> = serde_yaml::from_str(&text).unwrap();
        assert_all_in_guide("UI string keys", map.into_keys());
    }
}

/// The quoted names at the start of tuples and calls in a source file: `("name", …)`.
fn quoted_first_args(text: &str, call: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split(call).skip(1) {
        let rest = part.trim_start();
        if let Some(rest) = rest.strip_prefix('"') {
            if let Some((name, after)) = rest.split_once('"') {
                let plain = name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                if plain && !name.is_empty() && after.trim_start().starts_with(',') {
                    out.push(name.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn every_filter_and_template_variable_is_in_the_theme_guide() {
    let filters = quoted_first_args(&read("src/render/filters.rs"), "register_filter(");
    assert!(filters.len() >= 7, "{filters:?}");
    assert_all_in_guide("filters", filters);
    let mut vars = Vec::new();
    for file in ["src/render/jobs.rs", "src/render/feeds.rs"] {
        vars.extend(quoted_first_args(&read(file), "("));
    }
    vars.extend(quoted_first_args(&read("src/render/mod.rs"), "g.insert("));
    assert!(vars.contains(&"initiative_status".to_string()), "{vars:?}");
    assert!(vars.contains(&"site".to_string()), "{vars:?}");
    vars.sort();
    vars.dedup();
    assert_all_in_guide("template variables", vars);
}
