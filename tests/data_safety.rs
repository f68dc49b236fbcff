//! Nothing unsafe in the site's data reaches a citizen: URLs from YAML are http(s) or
//! site-relative, `base_url` cannot point CSS and scripts at another host, CSV exports cannot
//! run formulas in a spreadsheet, and SVG media cannot carry scripts.

mod common;

use common::{attrs, TestSite};
use framsteg::diag::{Diagnostic, Problem};
use framsteg::model::Lang;

const PLAN: &str = "content/plan/plan.yaml";
const INIT: &str = "content/plan/initiatives/las-garanti.yaml";
const SITE: &str = "content/site.yaml";

fn one_error(site: &TestSite) -> Diagnostic {
    let diags = site.errors();
    assert_eq!(diags.len(), 1, "expected one error, got {diags:#?}");
    diags.into_iter().next().unwrap()
}

#[test]
fn a_javascript_license_url_is_an_error_at_its_place() {
    let site = TestSite::fixture("site");
    site.edit(
        SITE,
        "https://creativecommons.org/publicdomain/zero/1.0/deed.sv",
        "javascript:alert(1)",
    );
    let d = one_error(&site);
    assert_eq!(d.file.to_string_lossy(), SITE);
    assert_eq!((d.line, d.column), (11, 38), "{}", d.one_line(Lang::Sv));
    assert!(matches!(d.problem, Problem::BadUrl { .. }), "{d:?}");
    assert!(
        d.message(Lang::Sv).contains("https://"),
        "{}",
        d.message(Lang::Sv)
    );
    assert!(!site.out("index.html").exists());
}

#[test]
fn indicator_source_urls_must_be_http_in_the_plan_and_in_initiatives() {
    let site = TestSite::fixture("site");
    site.edit(PLAN, "https://www.kolada.se/", "javascript:alert(2)");
    site.edit(
        INIT,
        "    unit: count\n",
        "    unit: count\n    source: { name: X, url: \"data:text/html,<script>alert(3)</script>\" }\n",
    );
    let diags = site.errors();
    let places: Vec<String> = diags.iter().map(|d| d.place()).collect();
    assert_eq!(
        places,
        [format!("{INIT}:20:30"), format!("{PLAN}:15:35")],
        "{diags:#?}"
    );
    assert!(diags
        .iter()
        .all(|d| matches!(d.problem, Problem::BadUrl { .. })));
}

#[test]
fn site_relative_and_https_urls_are_accepted() {
    let site = TestSite::fixture("site");
    site.edit(
        SITE,
        "https://creativecommons.org/publicdomain/zero/1.0/deed.sv",
        "/om/",
    );
    site.build().unwrap();
    let page = site.html("index.html");
    assert!(attrs(&page, "footer a", "href").contains(&"/om/".to_string()));
    assert!(attrs(&site.html("plan/index.html"), "a", "href")
        .contains(&"https://www.kolada.se/".to_string()));
}

#[test]
fn a_base_url_that_sends_assets_to_another_host_is_an_error() {
    for bad in [
        "https://x.se//cdn.evil.example/",
        "javascript:alert(1)//",
        "//cdn.evil.example/",
        "/portal/",
        "ftp://x.se/",
        "https://user:pw@x.se/",
        "https://x.se/a/../b/",
        "https://x.se/?q=1",
        "https://x.se\\cdn.evil.example/",
    ] {
        let site = TestSite::fixture("site");
        site.edit(
            SITE,
            "base_url: https://test.example.se/",
            &format!("base_url: \"{}\"", bad.replace('\\', "\\\\")),
        );
        let d = one_error(&site);
        assert_eq!(
            (d.file.to_string_lossy().as_ref(), d.line),
            (SITE, 3),
            "{bad}: {d:?}"
        );
        assert!(matches!(d.problem, Problem::BadBaseUrl(_)), "{bad}: {d:?}");
    }
}

#[test]
fn a_base_url_with_a_path_keeps_assets_on_the_same_host() {
    let site = TestSite::fixture("site");
    site.edit(
        SITE,
        "base_url: https://test.example.se/",
        "base_url: https://test.example.se/portal",
    );
    site.build().unwrap();
    let page = site.html("index.html");
    for href in attrs(&page, "link[rel=stylesheet]", "href") {
        assert!(href.starts_with("/portal/"), "{href}");
    }
}

fn read_csv(site: &TestSite, rel: &str) -> Vec<csv::StringRecord> {
    let bytes = site.read(rel);
    csv::Reader::from_reader(bytes.as_bytes())
        .records()
        .map(|r| r.expect("valid csv"))
        .collect()
}

#[test]
fn csv_cells_a_spreadsheet_would_run_are_neutralised_and_numbers_stay_numbers() {
    let site = TestSite::fixture("site");
    site.edit(
        INIT,
        "title: Läs-, skriv- och räknagaranti",
        "title: '=HYPERLINK(\"https://evil.example\",\"klicka\")'",
    );
    site.edit(
        INIT,
        "owner: Utbildningsförvaltningen",
        "owner: \"+46 8 123\"",
    );
    site.edit(
        INIT,
        "summary: Fler lärare i de tidiga åren.",
        "summary: \"@SUM(A1:A9)\"",
    );
    site.edit(
        INIT,
        "    title: Elever som fått tidigt stöd",
        "    title: \"-2+3\"",
    );
    site.edit(
        INIT,
        "values: { 2022: 150, 2023: 220 }",
        "values: { 2022: -150.5, 2023: 220 }\n    notes: { 2022: \"\\tTAB\", 2023: \"\\rCR\" }",
    );
    site.build().unwrap();
    let rows = read_csv(&site, "data/initiatives.csv");
    let row = &rows[0];
    assert_eq!(&row[1], "'=HYPERLINK(\"https://evil.example\",\"klicka\")");
    assert_eq!(&row[3], "'+46 8 123");
    assert_eq!(&row[11], "'@SUM(A1:A9)");
    let rows = read_csv(&site, "data/indicators.csv");
    let tidiga: Vec<_> = rows.iter().filter(|r| &r[0] == "tidiga-stod").collect();
    assert_eq!(&tidiga[0][1], "'-2+3");
    assert_eq!(&tidiga[0][6], "-150.5", "a negative number stays a number");
    assert_eq!(&tidiga[0][7], "'\tTAB");
    assert_eq!(&tidiga[1][7], "'\rCR");
    assert_eq!(&tidiga[1][6], "220");
}

const SVG_OK: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><title>Bild</title><rect width=\"10\" height=\"10\"/></svg>";

#[test]
fn svg_media_with_scripts_handlers_or_external_references_are_refused() {
    let cases = [
        ("<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <script>alert(1)</script>\n</svg>", 2, 3),
        ("<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect onload=\"alert(1)\"/></svg>", 2, 7),
        ("<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject></svg>", 1, 41),
        ("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a xlink:href=\"&#106;avascript:alert(1)\"><text>x</text></a></svg>", 1, 87),
        ("<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"https://evil.example/track.png\"/></svg>", 1, 48),
        ("<svg xmlns=\"http://www.w3.org/2000/svg\"><style>@import url(https://evil.example/x.css);</style></svg>", 1, 48),
        ("<!DOCTYPE svg [<!ENTITY x \"y\">]><svg xmlns=\"http://www.w3.org/2000/svg\"/>", 1, 1),
        ("<svg xmlns=\"http://www.w3.org/2000/svg\"><set attributeName=\"onclick\" to=\"alert(1)\"/></svg>", 1, 46),
        ("<svg xmlns=\"http://www.w3.org/2000/svg\"><h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">alert(1)</h:script></svg>", 1, 41),
    ];
    for (svg, line, column) in cases {
        let site = TestSite::fixture("site");
        site.write("content/media/elak.svg", svg);
        let d = one_error(&site);
        assert_eq!(d.file.to_string_lossy(), "content/media/elak.svg", "{svg}");
        assert_eq!((d.line, d.column), (line, column), "{svg}: {d:?}");
        assert!(matches!(d.problem, Problem::UnsafeMedia(_)), "{svg}: {d:?}");
        assert!(!site.out("media/elak.svg").exists());
    }
}

#[test]
fn harmless_svg_media_are_copied_as_they_are() {
    let site = TestSite::fixture("site");
    let with_internal_ref = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><defs><linearGradient id=\"g\"/></defs><rect fill=\"url(#g)\" width=\"1\" height=\"1\"/><use xlink:href=\"#g\"/></svg>";
    site.write("content/media/ok.svg", SVG_OK);
    site.write("content/media/ref.SVG", with_internal_ref);
    site.build().unwrap();
    assert_eq!(site.read("media/ok.svg"), SVG_OK);
    assert_eq!(site.read("media/ref.SVG"), with_internal_ref);
}

#[test]
fn the_example_sites_own_svg_passes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let built = framsteg::pipeline::run(root, false);
    assert!(built.is_ok(), "{:#?}", built.err().map(|f| f.diags));
}

#[test]
fn html_files_in_media_are_refused() {
    let site = TestSite::fixture("site");
    site.write("content/media/sida.html", "<script>alert(1)</script>");
    let d = one_error(&site);
    assert_eq!(d.file.to_string_lossy(), "content/media/sida.html");
    assert!(matches!(d.problem, Problem::UnsafeMedia(_)), "{d:?}");
}
