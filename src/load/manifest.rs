//! Reading a theme's `themes/<name>/theme.yaml`: its name, description and the theme it
//! `extends`, with unknown keys and wrong types reported like any content mistake.

use std::path::{Path, PathBuf};

use super::fields::{yaml_error, Ctx};
use super::locate::{Pos, Text};
use super::read_text;
use crate::diag::Diagnostic;

/// The keys `theme.yaml` accepts.
pub(super) const THEME_KEYS: &[&str] = &["name", "description", "extends"];

/// The `theme.yaml` that `framsteg init` copied into sites before themes fell back to the
/// built-in one: not valid YAML (an unquoted `: ` in its description), and ignored then. Such
/// a site keeps building; its copy means nothing more than `name: default`.
const LEGACY_DEFAULT: &str = "name: default\ndescription: Standardtemat för framsteg. Kopiera mappen och ändra det ni vill; ett eget tema kan skriva `extends: default` och bara byta enskilda mallar.\n";

/// What framsteg reads from a theme's `theme.yaml`.
#[derive(Debug, Clone, Default)]
pub struct ThemeManifest {
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// The theme this one extends, and where its name is written.
    pub extends: Option<(String, Pos)>,
}

/// Reads `themes/<name>/theme.yaml` under `root`; a theme without one extends nothing.
pub fn theme_manifest(root: &Path, name: &str) -> Result<ThemeManifest, Vec<Diagnostic>> {
    let rel = PathBuf::from(format!("themes/{name}/theme.yaml"));
    let mut manifest = ThemeManifest {
        file: rel.clone(),
        extends: None,
    };
    if !root.join(&rel).is_file() {
        return Ok(manifest);
    }
    let text = read_text(root, &rel).map_err(|d| vec![d])?;
    if text == LEGACY_DEFAULT {
        return Ok(manifest);
    }
    let value: serde_yaml::Value =
        serde_yaml::from_str(&text).map_err(|e| vec![yaml_error(&rel, &text, &e, 0)])?;
    if value.is_null() {
        return Ok(manifest);
    }
    let ctx = Ctx::new(&rel, &text, 0);
    if let Some(o) = ctx.obj(&value, ctx.text.start(), "theme.yaml", THEME_KEYS) {
        o.str_opt("name");
        o.str_opt("description");
        manifest.extends = o.str_opt("extends").map(|e| {
            let at = o.value_pos("extends", &e);
            (e, at)
        });
    }
    let diags = ctx.into_diags();
    if diags.is_empty() {
        Ok(manifest)
    } else {
        Err(diags)
    }
}

/// Where `content/site.yaml` names its theme, for errors about that theme.
pub fn site_theme_pos(root: &Path, name: &str) -> Pos {
    let rel = Path::new("content/site.yaml");
    let text = read_text(root, rel).unwrap_or_default();
    let text = Text::new(&text, 0);
    let start = text.start();
    match text.top_key("theme") {
        Some(_) => text.value(start, "theme", name),
        None => Pos { line: 0, column: 0 },
    }
}
