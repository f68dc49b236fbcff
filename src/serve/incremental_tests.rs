//! Tests of the incremental rule: few pages render for an article edit, and after any sequence
//! of changes the served files are exactly those a full build makes.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use super::{Engine, Outcome, Update};
use crate::pipeline;
use crate::render::theme::Source;
use crate::render::Content;

/// A copy of the serve fixture with `extra` more articles, in a temp folder.
fn site(extra: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site");
    for e in walkdir::WalkDir::new(&fixture)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(&fixture).expect("under fixture");
        let dest = dir.path().join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).expect("mkdir");
        } else {
            fs::copy(e.path(), &dest).expect("copy");
        }
    }
    for i in 0..extra {
        let (subject, initiatives) = match i % 3 {
            0 => ("sprak", "[sprakutveckling]"),
            1 => ("so-no-matte", "[]"),
            _ => ("sprak", "[]"),
        };
        let date = format!("2024-{:02}-{:02}", 1 + i / 28, 1 + i % 28);
        let text = format!(
            "---\ntitle: Artikel {i}\ndate: {date}\nsubjects: [{subject}]\ninitiatives: {initiatives}\n---\nBrödtext {i}.\n"
        );
        write(
            dir.path(),
            &format!("content/articles/{date}-artikel-{i}.md"),
            &text,
        );
    }
    dir
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(p, text).expect("write");
}

fn bytes(c: &Content) -> Vec<u8> {
    match c {
        Content::Bytes(b) => b.clone(),
        Content::Theme(Source::Embedded(b)) => b.to_vec(),
        Content::Theme(Source::Disk(p)) => format!("disk:{}", p.display()).into_bytes(),
        Content::File(p) => format!("file:{}", p.display()).into_bytes(),
        Content::Cached(p) => format!("cached:{}", p.display()).into_bytes(),
    }
}

/// The served files, kept up to date the way the server does.
#[derive(Default)]
struct Served(BTreeMap<String, Vec<u8>>);

impl Served {
    fn apply(&mut self, u: &Update) {
        if u.full {
            self.0.clear();
        }
        for p in &u.removed {
            self.0.remove(p);
        }
        for f in &u.files {
            self.0.insert(f.path.clone(), bytes(&f.content));
        }
        // As when a browser asks for the search index after the reload.
        self.0.retain(|p, _| !crate::search::is_index_file(p));
        for f in u.search.files() {
            self.0.insert(f.path.clone(), bytes(&f.content));
        }
    }

    /// Asserts that the served files are those of a full build of `root` right now.
    fn assert_matches_full_build(&self, root: &Path) {
        let built = match pipeline::run(root, true) {
            Ok(b) => b,
            Err(f) => panic!("full build failed: {:?}", f.diags),
        };
        let full: BTreeMap<String, Vec<u8>> = built
            .rendered
            .files
            .iter()
            .map(|f| (f.path.clone(), bytes(&f.content)))
            .collect();
        let served: BTreeSet<&String> = self.0.keys().collect();
        let expected: BTreeSet<&String> = full.keys().collect();
        assert_eq!(served, expected, "served paths differ from a full build");
        for (path, b) in &full {
            assert!(
                self.0.get(path) == Some(b),
                "{path} differs from a full build"
            );
        }
    }
}

fn built(o: Outcome) -> Update {
    match o {
        Outcome::Built(u) => u,
        Outcome::Failed(f) => panic!("build failed: {:?}", f.diags),
        Outcome::Unchanged => panic!("unchanged"),
        Outcome::Static { .. } => panic!("static only"),
    }
}

fn changed(paths: &[&str]) -> BTreeSet<PathBuf> {
    paths.iter().map(PathBuf::from).collect()
}

fn start(root: &Path) -> (Engine, Served, Update) {
    let (engine, outcome) = Engine::new(root);
    let first = built(outcome);
    let mut served = Served::default();
    served.apply(&first);
    (engine, served, first)
}

const LASVECKAN: &str = "content/articles/2023-02-08-lasveckan.md";
const FN_DAGEN: &str = "content/articles/2022-10-24-fn-dagen.md";

#[test]
fn an_article_body_edit_renders_far_fewer_pages_than_a_full_build() {
    let dir = site(90);
    let root = dir.path();
    let (mut engine, mut served, first) = start(root);
    assert!(first.full);
    assert_eq!(first.rendered, first.total);
    assert!(
        first.total > 100,
        "fixture too small: {} pages",
        first.total
    );

    let text = fs::read_to_string(root.join(LASVECKAN)).expect("read");
    write(
        root,
        LASVECKAN,
        &text.replace("Biblioteket var fullt", "Biblioteket var proppfullt"),
    );
    let u = built(engine.apply(&changed(&[LASVECKAN])));
    assert!(!u.full);
    assert!(!u.linked, "a body edit must not link the whole site again");
    assert!(
        u.rendered * 8 <= u.total,
        "a body edit rendered {} of {} pages",
        u.rendered,
        u.total
    );
    served.apply(&u);
    served.assert_matches_full_build(root);
    let page = served
        .0
        .get("artiklar/lasveckan/index.html")
        .expect("article page");
    assert!(String::from_utf8_lossy(page).contains("proppfullt"));
}

#[test]
fn incremental_output_always_equals_a_full_build() {
    let dir = site(45);
    let root = dir.path();
    let (mut engine, mut served, _) = start(root);
    let step =
        |engine: &mut Engine, served: &mut Served, paths: &[&str], expect_full: Option<bool>| {
            let u = built(engine.apply(&changed(paths)));
            if let Some(full) = expect_full {
                assert_eq!(u.full, full, "full render after {paths:?}");
            }
            served.apply(&u);
            served.assert_matches_full_build(root);
        };

    // A new title shows in listings, feeds and the related lists of the initiative's articles.
    let text = fs::read_to_string(root.join(FN_DAGEN)).expect("read");
    write(
        root,
        FN_DAGEN,
        &text.replace("FN-dagen på Ängåsskolan", "FN-dagen firades"),
    );
    step(&mut engine, &mut served, &[FN_DAGEN], Some(false));

    // Naming an initiative changes that initiative's page and its articles' related lists.
    let text = fs::read_to_string(root.join(LASVECKAN)).expect("read");
    write(
        root,
        LASVECKAN,
        &text.replace(
            "subjects: [sprak]",
            "subjects: [sprak]\ninitiatives: [sprakutveckling]",
        ),
    );
    step(&mut engine, &mut served, &[LASVECKAN], Some(false));

    // A new summary shows in the listings and in the search index's fragment of the article.
    let text = fs::read_to_string(root.join(FN_DAGEN)).expect("read");
    write(
        root,
        FN_DAGEN,
        &text.replace(
            "summary: Eleverna visade skolans alla språk med flaggor och diagram.",
            "summary: Hela skolan firade FN-dagen.",
        ),
    );
    step(&mut engine, &mut served, &[FN_DAGEN], Some(false));
    let fragments: Vec<String> = served
        .0
        .iter()
        .filter(|(p, _)| p.starts_with("sok/f/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        fragments
            .iter()
            .any(|f| f.contains("Hela skolan firade FN-dagen.")),
        "{fragments:?}"
    );

    // A new subject list, a new date: everything.
    let text = fs::read_to_string(root.join(LASVECKAN)).expect("read");
    write(
        root,
        LASVECKAN,
        &text.replace("subjects: [sprak]", "subjects: [so-no-matte]"),
    );
    step(&mut engine, &mut served, &[LASVECKAN], Some(true));
    let text = fs::read_to_string(root.join(FN_DAGEN)).expect("read");
    write(
        root,
        FN_DAGEN,
        &text.replace("date: 2022-10-24", "date: 2025-10-24"),
    );
    step(&mut engine, &mut served, &[FN_DAGEN], Some(true));

    // A new file in a new folder, then the folder's removal.
    let new = "content/articles/2025/2025-03-01-ny.md";
    write(
        root,
        new,
        "---\ntitle: Ny\ndate: 2025-03-01\nsubjects: [sprak]\n---\nNy text.\n",
    );
    step(
        &mut engine,
        &mut served,
        &["content/articles/2025"],
        Some(true),
    );
    fs::remove_dir_all(root.join("content/articles/2025")).expect("rm");
    step(
        &mut engine,
        &mut served,
        &["content/articles/2025"],
        Some(true),
    );

    // An initiative edit.
    let init = "content/plan/initiatives/sprakutveckling.yaml";
    let text = fs::read_to_string(root.join(init)).expect("read");
    write(
        root,
        init,
        &text.replace("status: ongoing", "status: completed"),
    );
    step(&mut engine, &mut served, &[init], Some(true));

    // An editor's temp file changes nothing.
    write(root, "content/articles/.fn-dagen.md.swp", "x");
    assert!(matches!(
        engine.apply(&changed(&["content/articles/.fn-dagen.md.swp"])),
        Outcome::Unchanged
    ));
}

#[test]
fn changes_made_while_the_site_is_broken_are_rendered_after_the_fix() {
    let dir = site(10);
    let root = dir.path();
    let (mut engine, mut served, _) = start(root);
    let good = fs::read_to_string(root.join(LASVECKAN)).expect("read");
    write(
        root,
        LASVECKAN,
        &good.replace("subjects: [sprak]", "subjects: [sprk]"),
    );
    match engine.apply(&changed(&[LASVECKAN])) {
        Outcome::Failed(f) => {
            let lines: Vec<String> = f.diags.iter().map(|d| d.one_line(f.lang)).collect();
            assert!(
                lines
                    .iter()
                    .any(|l| l.contains(LASVECKAN) && l.contains("menade du sprak?")),
                "{lines:?}"
            );
        }
        _ => panic!("a broken subject must fail"),
    }
    let text = fs::read_to_string(root.join(FN_DAGEN)).expect("read");
    write(
        root,
        FN_DAGEN,
        &text.replace("FN-dagen på Ängåsskolan", "Medan det var fel"),
    );
    assert!(matches!(
        engine.apply(&changed(&[FN_DAGEN])),
        Outcome::Failed(_)
    ));
    write(root, LASVECKAN, &good);
    let u = built(engine.apply(&changed(&[LASVECKAN])));
    assert!(!u.full);
    served.apply(&u);
    served.assert_matches_full_build(root);
}

#[test]
fn a_template_change_renders_everything_and_a_static_change_nothing() {
    let dir = site(3);
    let root = dir.path();
    write(
        root,
        "themes/egen/theme.yaml",
        "name: egen\nextends: default\n",
    );
    write(
        root,
        "themes/egen/static/egen.css",
        "body { color: black }\n",
    );
    let config = fs::read_to_string(root.join("content/site.yaml")).expect("read");
    write(
        root,
        "content/site.yaml",
        &config.replace("theme: default", "theme: egen"),
    );
    let (mut engine, mut served, first) = start(root);
    assert!(served.0.contains_key("egen.css"));

    write(
        root,
        "themes/egen/static/egen.css",
        "body { color: navy }\n",
    );
    assert!(matches!(
        engine.apply(&changed(&["themes/egen/static/egen.css"])),
        Outcome::Static { css_only: true }
    ));

    write(
        root,
        "themes/egen/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>Borta</p>{% endblock %}",
    );
    let u = built(engine.apply(&changed(&["themes/egen/templates/404.html"])));
    assert!(u.full);
    assert_eq!(u.rendered, first.total);
    served.apply(&u);
    served.assert_matches_full_build(root);
    assert!(String::from_utf8_lossy(&served.0["404.html"]).contains("Borta"));
}

#[test]
fn an_article_edit_that_breaks_its_front_matter_fails_and_its_fix_renders() {
    let dir = site(10);
    let root = dir.path();
    let (mut engine, mut served, _) = start(root);
    let good = fs::read_to_string(root.join(FN_DAGEN)).expect("read");
    let broken = good.replacen("date: 2022-10-24", "date: 2022-13-24", 1);
    assert_ne!(broken, good, "the fixture's date line moved");
    write(root, FN_DAGEN, &broken);
    match engine.apply(&changed(&[FN_DAGEN])) {
        Outcome::Failed(f) => {
            let lines: Vec<String> = f.diags.iter().map(|d| d.one_line(f.lang)).collect();
            assert!(
                lines
                    .iter()
                    .any(|l| l.contains(FN_DAGEN) && l.contains(":3:")),
                "{lines:?}"
            );
        }
        _ => panic!("a bad date must fail"),
    }
    write(
        root,
        FN_DAGEN,
        &good.replace("FN-dagen på Ängåsskolan", "FN-dagen, rättad"),
    );
    let u = built(engine.apply(&changed(&[FN_DAGEN])));
    assert!(!u.full);
    assert!(!u.linked);
    served.apply(&u);
    served.assert_matches_full_build(root);
}

#[test]
fn an_edit_that_names_another_initiative_links_the_site_again() {
    let dir = site(10);
    let root = dir.path();
    let (mut engine, mut served, _) = start(root);
    let text = fs::read_to_string(root.join(LASVECKAN)).expect("read");
    write(
        root,
        LASVECKAN,
        &text.replace(
            "subjects: [sprak]",
            "subjects: [sprak]\ninitiatives: [sprakutveckling]",
        ),
    );
    let u = built(engine.apply(&changed(&[LASVECKAN])));
    assert!(u.linked);
    assert!(!u.full);
    served.apply(&u);
    served.assert_matches_full_build(root);
}
