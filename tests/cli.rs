//! The command line as a communicator uses it: init, new, check and help.

use std::process::Command;

fn framsteg(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_framsteg"))
        .args(args)
        .output()
        .expect("run framsteg")
}

/// Writes an organisation and a contact over `init`'s placeholders.
fn fill_in(site: &std::path::Path) {
    let p = site.join("content/site.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    let text = text
        .replace(framsteg::scaffold::PLACEHOLDER_ORGANISATION, "Testkommunen")
        .replace(
            framsteg::scaffold::PLACEHOLDER_EMAIL,
            "a11y@test.example.se",
        );
    std::fs::write(p, text).unwrap();
}

#[test]
fn init_makes_a_site_that_builds_with_the_default_theme() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("ny-portal");
    let site_arg = site.to_str().unwrap();
    let out = framsteg(&["init", site_arg]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site.join("themes/egen/theme.yaml").is_file());
    // The accessibility statement's placeholders stop a production build, each at its line;
    // a preview with --drafts builds.
    let refused = framsteg(&["--root", site_arg, "build"]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("`organisation` är fortfarande platshållaren"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`contact.email` är fortfarande platshållaren"),
        "{stderr}"
    );
    assert!(framsteg(&["--root", site_arg, "build", "--drafts"])
        .status
        .success());
    fill_in(&site);
    let build = framsteg(&["--root", site_arg, "build"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(site.join("output/index.html").is_file());
    assert!(site
        .join("output/amnen/praktiska-amnen/index.html")
        .is_file());
    // A second init does not overwrite the communicator's files.
    let again = framsteg(&["init", site_arg]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("finns redan"));
}

#[test]
fn new_article_story_and_initiative_create_files_that_check_passes() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("s");
    let root = site.to_str().unwrap();
    assert!(framsteg(&["init", root]).status.success());
    fill_in(&site);
    let today = framsteg::scaffold::today();

    let out = framsteg(&["--root", root, "new", "article", "Läslust på Ängåsskolan"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let article = site.join(format!(
        "content/articles/{today}-laslust-pa-angasskolan.md"
    ));
    let text = std::fs::read_to_string(&article).unwrap();
    assert!(text.contains("title: \"Läslust på Ängåsskolan\""));
    assert!(text.contains("draft: true"));

    assert!(framsteg(&["--root", root, "new", "story", "FN-dagen"])
        .status
        .success());
    assert!(site
        .join(format!("content/stories/{today}-fn-dagen.yaml"))
        .is_file());
    assert!(
        framsteg(&["--root", root, "new", "initiative", "Fler lärare"])
            .status
            .success()
    );
    assert!(site
        .join("content/plan/initiatives/fler-larare.yaml")
        .is_file());

    let check = framsteg(&["--root", root, "check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    let twice = framsteg(&["--root", root, "new", "initiative", "Fler lärare"]);
    assert_eq!(twice.status.code(), Some(1), "must not overwrite");
}

#[test]
fn help_speaks_to_communicators_in_swedish() {
    let out = framsteg(&["--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    for word in [
        "build",
        "check",
        "new",
        "init",
        "Bygg hela webbplatsen",
        "--root",
    ] {
        assert!(text.contains(word), "help lacks {word}: {text}");
    }
}
