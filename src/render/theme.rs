//! The theme: its templates compiled once into a tera instance with framsteg's filters, its UI
//! strings per language, and its static files. The default theme is embedded in the binary and
//! is the bottom layer of every theme: a theme folder (and each one it `extends:`) overrides
//! single files, and whatever it lacks falls back to the built-in file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diag::{suggest, Diagnostic, Problem};
use crate::model::Lang;

/// The default theme's files, embedded at build time by `build.rs`.
pub static DEFAULT_THEME: &[(&str, &[u8])] =
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Where a theme file's bytes come from.
#[derive(Debug, Clone)]
pub enum Source {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

impl Source {
    pub fn read(&self) -> std::io::Result<std::borrow::Cow<'static, [u8]>> {
        match self {
            Source::Embedded(b) => Ok(std::borrow::Cow::Borrowed(b)),
            Source::Disk(p) => std::fs::read(p).map(std::borrow::Cow::Owned),
        }
    }
}

/// A compiled theme, ready to render any number of sites.
#[derive(Clone)]
pub struct Theme {
    pub tera: Tera,
    /// UI strings for the site's language (the theme's `i18n/<lang>.yaml`).
    pub strings: BTreeMap<String, String>,
    /// Output path (relative, `/`-separated) → source, from the theme's `static/`.
    pub static_files: BTreeMap<String, Source>,
}

/// A theme's files by path, one entry per layer, parents first: templates and static files
/// take the last layer's file, UI strings merge all layers key by key.
type Layered = BTreeMap<String, Vec<(Source, String)>>;

/// Loads the theme `name` for a site at `root`, compiling its templates once.
///
/// The built-in theme is always the bottom layer: a theme folder, and every theme it
/// `extends:`, holds only the files it changes, and any template, partial, UI string or
/// static file it lacks comes from the built-in theme (the one this framsteg was built with).
pub fn load(root: &Path, name: &str, lang: Lang) -> Result<Theme, Vec<Diagnostic>> {
    let chain = chain(root, name)?;
    let mut files = Layered::new();
    for (path, bytes) in DEFAULT_THEME {
        let label = format!("themes/default/{path} (inbyggd)");
        files
            .entry(path.to_string())
            .or_default()
            .push((Source::Embedded(bytes), label));
    }
    for dir in chain.iter().rev() {
        collect(root, dir, &mut files);
    }
    compile(files, lang)
}

/// The theme folders to read, the site's own theme first, then the ones it extends. The
/// built-in `default` needs no folder; a `themes/default/` folder is read over it.
fn chain(root: &Path, name: &str) -> Result<Vec<String>, Vec<Diagnostic>> {
    let mut named_in = (
        PathBuf::from("content/site.yaml"),
        crate::load::site_theme_pos(root, name),
    );
    let mut followed: Vec<String> = Vec::new();
    let mut folders = Vec::new();
    let mut current = name.to_string();
    loop {
        let (file, at) = &named_in;
        let error = |problem, suggestion| {
            vec![Diagnostic::new(file, at.line, at.column, problem).with_suggestion(suggestion)]
        };
        if !crate::load::is_slug(&current) {
            let better = Some(slug::slugify(&current)).filter(|s| crate::load::is_slug(s));
            return Err(error(Problem::BadSlug(current), better));
        }
        if followed.contains(&current) {
            followed.push(current);
            return Err(error(Problem::ThemeCycle(followed), None));
        }
        followed.push(current.clone());
        if !root.join("themes").join(&current).is_dir() {
            if current == "default" {
                return Ok(folders);
            }
            let available = available(root);
            let near = suggest(&current, available.iter().map(String::as_str));
            return Err(error(
                Problem::UnknownTheme {
                    name: current,
                    available,
                },
                near,
            ));
        }
        let manifest = crate::load::theme_manifest(root, &current)?;
        folders.push(current);
        match manifest.extends {
            Some((parent, at)) => {
                named_in = (manifest.file, at);
                current = parent;
            }
            None => return Ok(folders),
        }
    }
}

/// The themes a site can name: the folders in `themes/` and the built-in `default`.
fn available(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(String::from))
        .filter(|n| crate::load::is_slug(n))
        .collect();
    names.push("default".into());
    names.sort();
    names.dedup();
    names
}

/// Adds the files of the folder `themes/<name>/` as a layer over what `files` holds.
fn collect(root: &Path, name: &str, files: &mut Layered) {
    let dir = root.join("themes").join(name);
    let shown = format!("themes/{name}");
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let Ok(rel) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let file_name = rel.rsplit('/').next().unwrap_or("");
        if crate::load::is_editor_temp(file_name) {
            continue;
        }
        let label = format!("{shown}/{rel}");
        files
            .entry(rel)
            .or_default()
            .push((Source::Disk(entry.path().to_path_buf()), label));
    }
}

fn compile(files: Layered, lang: Lang) -> Result<Theme, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut templates = Vec::new();
    let mut static_files = BTreeMap::new();
    let mut strings = BTreeMap::new();
    let strings_file = format!("i18n/{}.yaml", lang.code());
    for (rel, layers) in &files {
        if *rel == strings_file {
            for (source, label) in layers {
                let parsed = source
                    .read()
                    .ok()
                    .and_then(|b| serde_yaml::from_slice::<BTreeMap<String, String>>(&b).ok());
                match parsed {
                    Some(map) => strings.extend(map),
                    None => diags.push(Diagnostic::new(
                        label,
                        0,
                        0,
                        Problem::YamlSyntax("expected `key: text` lines".into()),
                    )),
                }
            }
            continue;
        }
        let Some((source, label)) = layers.last() else {
            continue;
        };
        if let Some(name) = rel.strip_prefix("templates/") {
            match source.read().map(|b| String::from_utf8(b.into_owned())) {
                Ok(Ok(text)) => templates.push((name.to_string(), text)),
                Ok(Err(_)) => diags.push(Diagnostic::new(label, 0, 0, Problem::NotUtf8)),
                Err(e) => diags.push(Diagnostic::new(label, 0, 0, Problem::Io(e.to_string()))),
            }
        } else if let Some(out) = rel.strip_prefix("static/") {
            static_files.insert(out.to_string(), source.clone());
        }
    }
    let mut tera = Tera::new();
    crate::render::filters::register(&mut tera, lang);
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        diags.push(Diagnostic::new(
            "themes",
            0,
            0,
            Problem::Template(e.to_string()),
        ));
    }
    if diags.is_empty() {
        Ok(Theme {
            tera,
            strings,
            static_files,
        })
    } else {
        Err(diags)
    }
}
