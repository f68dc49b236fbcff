//! Links and images in every Markdown field are resolved at link stage: a link to a page,
//! feed, open-data or media file that the build does not write, or to a heading the target
//! does not have, is an error at the link's file:line:column with the near target suggested;
//! `media/x` and `/media/x` are written under the site's base path.

mod common;

use common::{attrs, TestSite};
use framsteg::diag::{Diagnostic, Problem};

const LAS: &str = "content/articles/2023-02-08-lasglada-elever.md";
const BODY: &str = "Text om läsning.";

fn with_body(md: &str) -> TestSite {
    let site = TestSite::fixture("site");
    site.edit(LAS, BODY, md);
    site
}

fn unknown_links(diags: &[Diagnostic]) -> Vec<(String, usize, usize, String, Option<String>)> {
    diags
        .iter()
        .filter_map(|d| match &d.problem {
            Problem::UnknownLink { url, .. } | Problem::UnknownAnchor { url } => Some((
                d.file.to_string_lossy().replace('\\', "/"),
                d.line,
                d.column,
                url.clone(),
                d.suggestion.clone(),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn links_to_pages_and_files_that_do_not_exist_are_errors_at_their_place() {
    let site = with_body(
        "Läs [mer](/artiklar/fn-dagen-angasskola/) och [insatsen](/insatser/finns-ej/).\n\
         [Matte](/amnen/matematik/) [rapporten](/media/rapport-2024.pdf)\n\
         \n\
         ![Saknas](/media/saknas.jpg)\n",
    );
    let errors = unknown_links(&site.errors());
    assert_eq!(
        errors,
        [
            (
                LAS.into(),
                7,
                11,
                "/artiklar/fn-dagen-angasskola/".into(),
                Some("/artiklar/fn-dagen-angasskolan/".into())
            ),
            (
                LAS.into(),
                7,
                58,
                "/insatser/finns-ej/".into(),
                Some("/insatser/".into())
            ),
            (
                LAS.into(),
                8,
                9,
                "/amnen/matematik/".into(),
                Some("/amnen/".into())
            ),
            (LAS.into(), 8, 40, "/media/rapport-2024.pdf".into(), None),
            (
                LAS.into(),
                10,
                11,
                "/media/saknas.jpg".into(),
                Some("/media/bild.svg".into())
            ),
        ],
    );
}

#[test]
fn every_page_feed_data_and_media_file_the_build_writes_can_be_linked() {
    let site = with_body(
        "[a](/) [b](/amnen/) [c](/amnen/sprak/) [d](/amnen/sprak/atom.xml) [e](/atom.xml)\n\
         [f](/plan/) [g](/sok/) [h](/data/plan.json) [i](/data/initiatives.csv) [j](/insatser/)\n\
         [k](/insatser/las-garanti/) [l](/berattelser/berattelse-om-lasning/) [m](/om/)\n\
         [n](/tillganglighet/) [o](/artiklar/fn-dagen-angasskolan/#program) [p](/media/bild.svg)\n\
         [q](media/bild.svg) [r](/plan) [s](/sitemap.xml) [t](/artiklar/fn-dagen-angasskolan/index.html)\n\
         [u](#tva) [v](https://example.org/x) [w](mailto:a@b.se)\n\n## Två\n",
    );
    site.build().unwrap();
}

#[test]
fn an_anchor_must_name_a_heading_of_its_target() {
    let site = with_body("[a](/artiklar/fn-dagen-angasskolan/#progam) [b](#tvaa)\n\n## Två\n");
    let errors = unknown_links(&site.errors());
    assert_eq!(
        errors,
        [
            (
                LAS.into(),
                7,
                5,
                "/artiklar/fn-dagen-angasskolan/#progam".into(),
                Some("/artiklar/fn-dagen-angasskolan/#program".into())
            ),
            (LAS.into(), 7, 49, "#tvaa".into(), Some("#tva".into())),
        ]
    );
}

#[test]
fn links_in_stories_initiatives_the_plan_and_pages_are_checked_too() {
    let site = TestSite::fixture("site");
    site.edit(
        "content/stories/fn-dagen-2022.yaml",
        "    Bokcirklar.\n",
        "    Bokcirklar, [se](/artiklar/saknas/).\n",
    );
    site.edit(
        "content/plan/initiatives/las-garanti.yaml",
        "  Mer om **garantin**.\n",
        "  Mer om **garantin**.\n\n  ![Bild](media/saknas.png)\n",
    );
    site.edit(
        "content/plan/plan.yaml",
        "  Planen i korthet.\n",
        "  Planen i [korthet](/insatser/saknas/).\n",
    );
    site.edit(
        "content/pages/om.md",
        "Här finns planen.",
        "Här finns [planen](/planen/).",
    );
    let errors = unknown_links(&site.errors());
    let places: Vec<(&str, usize, usize)> = errors
        .iter()
        .map(|(f, l, c, _, _)| (f.as_str(), *l, *c))
        .collect();
    assert_eq!(
        places,
        [
            ("content/pages/om.md", 4, 20),
            ("content/plan/initiatives/las-garanti.yaml", 14, 11),
            ("content/plan/plan.yaml", 5, 22),
            ("content/stories/fn-dagen-2022.yaml", 13, 22),
        ]
    );
    assert_eq!(errors[0].4.as_deref(), Some("/plan/"));
}

#[test]
fn check_reports_broken_links_as_build_does() {
    let site = with_body("[mer](/artiklar/finns-inte/)");
    let out = site.cli(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2023-02-08-lasglada-elever.md:7:7") && err.contains("/artiklar/finns-inte/"),
        "{err}"
    );
}

#[test]
fn media_links_are_written_under_the_base_path() {
    let site = with_body(
        "![Elever](media/bild.svg) [bild](/media/bild.svg) [planen](/likvardig/plan/) [p](/plan/)",
    );
    site.edit(
        "content/site.yaml",
        "base_url: https://test.example.se/",
        "base_url: https://test.example.se/likvardig/",
    );
    site.build().unwrap();
    let page = site.html("artiklar/lasglada-elever/index.html");
    assert_eq!(
        attrs(&page, "main img[alt=Elever]", "src"),
        ["/likvardig/media/bild.svg"]
    );
    let hrefs = attrs(&page, "main p a", "href");
    for want in ["/likvardig/media/bild.svg", "/likvardig/plan/"] {
        assert!(hrefs.iter().any(|h| h == want), "{want} not in {hrefs:?}");
    }
    assert!(
        !hrefs.iter().any(|h| h.contains("likvardig/likvardig")),
        "{hrefs:?}"
    );
}

#[test]
fn page_relative_links_are_checked_where_they_lead_and_written_from_the_root() {
    let site = with_body(
        "[FN-dagen](../fn-dagen-angasskolan/#program) [planen](../../plan/)\n\
         [lösen](../../../../etc/passwd) [fel](../fn-dagen/)\n",
    );
    let errors = unknown_links(&site.errors());
    assert_eq!(
        errors,
        [
            (LAS.into(), 8, 9, "../../../../etc/passwd".into(), None),
            (
                LAS.into(),
                8,
                39,
                "../fn-dagen/".into(),
                Some("/artiklar/fn-dagen-angasskolan/".into())
            ),
        ],
    );

    let site = with_body("[FN-dagen](../fn-dagen-angasskolan/#program) [planen](../../plan/)");
    site.edit(
        "content/site.yaml",
        "base_url: https://test.example.se/",
        "base_url: https://test.example.se/likvardig/",
    );
    site.build().unwrap();
    let page = site.html("artiklar/lasglada-elever/index.html");
    let hrefs = attrs(&page, "main p a", "href");
    for want in [
        "/likvardig/artiklar/fn-dagen-angasskolan/#program",
        "/likvardig/plan/",
    ] {
        assert!(hrefs.iter().any(|h| h == want), "{want} not in {hrefs:?}");
    }
    let feed = site.read("atom.xml");
    assert!(
        !feed.contains("../fn-dagen"),
        "a relative link in a feed resolves against the feed's URL"
    );
}

#[test]
fn a_link_with_a_script_scheme_is_an_error_at_its_place() {
    let site = with_body("[klicka](javascript:alert(1)) och ![x](data:image/png;base64,AA)\n");
    let errors: Vec<_> = site
        .errors()
        .iter()
        .filter_map(|d| match &d.problem {
            Problem::UnsafeLink { url } => Some((d.line, d.column, url.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        errors,
        [
            (7, 10, "javascript:alert(1)".into()),
            (7, 40, "data:image/png;base64,AA".into())
        ]
    );
    let out = site.cli(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2023-02-08-lasglada-elever.md:7:10") && err.contains("inte tillåten"),
        "{err}"
    );
}
