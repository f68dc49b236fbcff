//! A site's own theme holds only the files it changes: every template, partial, UI string and
//! static file it lacks comes from the built-in theme, so an upgrade of framsteg reaches the
//! site and a deleted template falls back instead of failing the build.

mod common;

use std::path::Path;
use std::process::Command;

use common::{attrs, texts, TestSite};
use framsteg::diag::Problem;

/// Copies `tests/fixtures/<fixture>` into the site as `themes/<name>/`.
fn add_theme(site: &TestSite, fixture: &str, name: &str) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    for e in walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = e.path().strip_prefix(&src).unwrap().to_string_lossy();
        site.write(
            &format!("themes/{name}/{rel}"),
            std::fs::read(e.path()).unwrap(),
        );
    }
    site.edit(
        "content/site.yaml",
        "theme: default",
        &format!("theme: {name}"),
    );
}

/// The built-in theme's files, written into the site as `themes/default/` (what `init` used
/// to do), less the files named in `except`.
fn copy_builtin_theme(site: &TestSite, except: &[&str]) {
    for (path, bytes) in framsteg::render::theme::DEFAULT_THEME {
        if !except.contains(path) {
            site.write(&format!("themes/default/{path}"), bytes);
        }
    }
}

#[test]
fn a_theme_overriding_only_article_html_takes_the_rest_from_the_builtin_theme() {
    let site = TestSite::fixture("site");
    add_theme(&site, "theme-article-only", "kommun");
    site.build().unwrap();
    let article = site.html("artiklar/fn-dagen-angasskolan/index.html");
    assert_eq!(
        texts(&article, "article.kommun-artikel h1"),
        ["Glädje och hopp när Ängåsskolan firade FN-dagen"]
    );
    assert_eq!(texts(&article, ".kommun-datum"), ["24 oktober 2022"]);
    // The override extends the built-in base.html: header, menu and footer are there.
    assert_eq!(texts(&article, "a.skip-link"), ["Gå direkt till innehåll"]);
    assert_eq!(
        attrs(&article, "link[rel=stylesheet]", "href"),
        ["/framsteg.css"]
    );
    // Every other page is the built-in theme's.
    let story = site.html("berattelser/angasskolan-firade-fn-dagen/index.html");
    assert!(texts(&story, ".kommun-artikel").is_empty());
    assert_eq!(texts(&story, "article.content h1").len(), 1);
    let plan = site.html("plan/index.html");
    assert_eq!(texts(&plan, "h1").len(), 1);
    assert!(site.out("framsteg.css").is_file());
    assert!(site.out("sok.js").is_file());
}

#[test]
fn a_theme_without_extends_falls_back_file_by_file() {
    let site = TestSite::fixture("site");
    site.write(
        "themes/egen/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Borta</h1>{% endblock %}",
    );
    site.edit("content/site.yaml", "theme: default", "theme: egen");
    site.build().unwrap();
    assert_eq!(texts(&site.html("404.html"), "h1"), ["Borta"]);
    assert_eq!(texts(&site.html("plan/index.html"), "h1").len(), 1);
    assert!(site.out("framsteg.css").is_file());
}

#[test]
fn a_template_deleted_from_a_copied_default_theme_falls_back() {
    let site = TestSite::fixture("site");
    copy_builtin_theme(
        &site,
        &["templates/story.html", "templates/partials/card.html"],
    );
    site.build().unwrap();
    let story = site.html("berattelser/angasskolan-firade-fn-dagen/index.html");
    assert_eq!(texts(&story, "article.content h1").len(), 1);
    assert!(!texts(&site.html("index.html"), ".card").is_empty());
}

#[test]
fn a_site_with_the_theme_copy_of_an_older_init_still_builds() {
    let site = TestSite::fixture("site");
    copy_builtin_theme(&site, &["templates/story.html"]);
    // The theme.yaml that `init` copied before, which is not valid YAML.
    site.write(
        "themes/default/theme.yaml",
        "name: default\ndescription: Standardtemat för framsteg. Kopiera mappen och ändra det ni vill; ett eget tema kan skriva `extends: default` och bara byta enskilda mallar.\n",
    );
    site.build().unwrap();
    assert!(site
        .out("berattelser/angasskolan-firade-fn-dagen/index.html")
        .is_file());
}

#[test]
fn a_changed_template_in_a_copied_default_theme_wins_over_the_builtin_one() {
    let site = TestSite::fixture("site");
    copy_builtin_theme(&site, &[]);
    site.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Här finns inget</h1>{% endblock %}",
    );
    site.build().unwrap();
    assert_eq!(texts(&site.html("404.html"), "h1"), ["Här finns inget"]);
}

#[test]
fn ui_strings_and_static_files_fall_back_key_by_key_and_file_by_file() {
    let site = TestSite::fixture("site");
    site.write("themes/egen/i18n/sv.yaml", "nav_subjects: Områden\n");
    site.write("themes/egen/static/egen.css", "body { color: navy }\n");
    site.edit("content/site.yaml", "theme: default", "theme: egen");
    site.build().unwrap();
    let home = site.html("index.html");
    let nav = texts(&home, "nav .nav a");
    assert!(nav.contains(&"Områden".to_string()), "{nav:?}");
    assert!(nav.contains(&"Insatser".to_string()), "{nav:?}");
    assert_eq!(site.read("egen.css"), "body { color: navy }\n");
    assert!(site.out("framsteg.css").is_file());
    assert!(site.out("favicon.svg").is_file());
}

#[test]
fn a_partial_overridden_in_a_theme_is_used_by_builtin_templates() {
    let site = TestSite::fixture("site");
    site.write(
        "themes/egen/templates/partials/card.html",
        "<div class=\"egen-kort\">{{ item.title }}</div>",
    );
    site.edit("content/site.yaml", "theme: default", "theme: egen");
    site.build().unwrap();
    assert!(!texts(&site.html("index.html"), ".egen-kort").is_empty());
}

#[test]
fn a_theme_can_add_a_stylesheet_through_the_head_partial() {
    let site = TestSite::fixture("site");
    site.write(
        "themes/egen/templates/partials/head.html",
        "<link rel=\"stylesheet\" href=\"{{ site.base_path }}egen.css\">",
    );
    site.write("themes/egen/static/egen.css", "body { color: navy }\n");
    site.edit("content/site.yaml", "theme: default", "theme: egen");
    site.build().unwrap();
    let doc = site.html("plan/index.html");
    assert_eq!(
        attrs(&doc, "head link[rel=stylesheet]", "href"),
        ["/framsteg.css", "/egen.css"]
    );
}

#[test]
fn an_unknown_key_in_theme_yaml_is_an_error_with_the_near_key() {
    let site = TestSite::fixture("site");
    site.write("themes/egen/theme.yaml", "name: egen\nextend: default\n");
    site.edit("content/site.yaml", "theme: default", "theme: egen");
    let diags = site.errors();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d.file, Path::new("themes/egen/theme.yaml"));
    assert_eq!((d.line, d.column), (2, 1));
    assert!(matches!(d.problem, Problem::UnknownKey { .. }));
    assert_eq!(d.suggestion.as_deref(), Some("extends"));
}

#[test]
fn extending_a_theme_that_does_not_exist_names_the_line_and_the_themes_there_are() {
    let site = TestSite::fixture("site");
    site.write("themes/egen/theme.yaml", "name: egen\nextends: defualt\n");
    site.edit("content/site.yaml", "theme: default", "theme: egen");
    let diags = site.errors();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d.file, Path::new("themes/egen/theme.yaml"));
    assert_eq!((d.line, d.column), (2, 10));
    assert!(
        matches!(&d.problem, Problem::UnknownTheme { name, .. } if name == "defualt"),
        "{d:?}"
    );
    assert_eq!(d.suggestion.as_deref(), Some("default"));
}

#[test]
fn a_site_theme_that_does_not_exist_points_at_site_yaml() {
    let site = TestSite::fixture("site");
    site.edit("content/site.yaml", "theme: default", "theme: kommun");
    let diags = site.errors();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d.file, Path::new("content/site.yaml"));
    assert_eq!((d.line, d.column), (5, 8));
    assert!(matches!(&d.problem, Problem::UnknownTheme { name, .. } if name == "kommun"));
}

#[test]
fn themes_that_extend_each_other_in_a_circle_are_an_error() {
    let site = TestSite::fixture("site");
    site.write("themes/a/theme.yaml", "extends: b\n");
    site.write("themes/b/theme.yaml", "extends: a\n");
    site.edit("content/site.yaml", "theme: default", "theme: a");
    let diags = site.errors();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(
        matches!(&diags[0].problem, Problem::ThemeCycle(chain) if chain == &["a", "b", "a"]),
        "{diags:#?}"
    );
}

fn framsteg(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_framsteg"))
        .args(args)
        .output()
        .expect("run framsteg")
}

#[test]
fn init_writes_a_small_own_theme_that_extends_the_builtin_one() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("portal");
    let arg = site.to_str().unwrap();
    let out = framsteg(&["init", arg]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // No copy of the built-in templates: an upgrade of framsteg reaches the site.
    assert!(!site.join("themes/default").exists());
    let theme = std::fs::read_to_string(site.join("themes/egen/theme.yaml")).unwrap();
    assert!(theme.contains("extends: default"), "{theme}");
    let templates: Vec<_> = walkdir::WalkDir::new(site.join("themes/egen/templates"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .collect();
    assert!(templates.len() <= 1, "{templates:?}");
    let config = std::fs::read_to_string(site.join("content/site.yaml")).unwrap();
    assert!(config.contains("theme: egen"), "{config}");
    // The accessibility statement's placeholders filled in (else `build` stops).
    let config = config
        .replace(framsteg::scaffold::PLACEHOLDER_ORGANISATION, "Testkommunen")
        .replace(
            framsteg::scaffold::PLACEHOLDER_EMAIL,
            "a11y@test.example.se",
        );
    std::fs::write(site.join("content/site.yaml"), config).unwrap();

    let build = framsteg(&["--root", arg, "build"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let index = std::fs::read_to_string(site.join("output/index.html")).unwrap();
    assert!(index.contains("egen.css"), "the own stylesheet is linked");
    assert!(site.join("output/egen.css").is_file());
    assert!(site.join("output/framsteg.css").is_file());

    // Deleting every file of the own theme but theme.yaml still builds.
    std::fs::remove_dir_all(site.join("themes/egen/templates")).unwrap();
    std::fs::remove_dir_all(site.join("themes/egen/static")).unwrap();
    let build = framsteg(&["--root", arg, "build"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(site.join("output/plan/index.html").is_file());
}
