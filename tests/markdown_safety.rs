//! Markdown can never put a script or an event handler in front of a citizen, in any Markdown
//! field, with or without raw HTML: heading attributes are allow-listed, link and image URLs
//! are checked, raw HTML goes through ammonia, and what comes out is already what ammonia
//! would have made of it.

mod common;

use common::TestSite;
use framsteg::markdown::{self, MdOptions};
use framsteg::model::Lang;
use scraper::{Html, Selector};

const LAS: &str = "content/articles/2023-02-08-lasglada-elever.md";
const EVIL_HEADING: &str =
    "## Två {onfocus=alert(2) tabindex=1 autofocus=autofocus .x style=color:red}";

/// Every Markdown field of the fixture site gets the hostile heading.
fn site_with_hostile_headings() -> TestSite {
    let site = TestSite::fixture("site");
    site.edit(
        LAS,
        "Text om läsning.",
        &format!("Text om läsning.\n\n{EVIL_HEADING}\n"),
    );
    site.edit(
        "content/pages/om.md",
        "Här finns planen.",
        &format!("Här finns planen.\n\n{EVIL_HEADING}\n"),
    );
    site.edit(
        "content/plan/plan.yaml",
        "  Planen i korthet.\n",
        &format!("  Planen i korthet.\n\n  {EVIL_HEADING}\n"),
    );
    site.edit(
        "content/plan/initiatives/las-garanti.yaml",
        "  Mer om **garantin**.\n",
        &format!("  Mer om **garantin**.\n\n  {EVIL_HEADING}\n"),
    );
    site.edit(
        "content/stories/fn-dagen-2022.yaml",
        "    Bokcirklar.\n",
        &format!("    Bokcirklar.\n\n    {EVIL_HEADING}\n"),
    );
    site
}

#[test]
fn heading_attributes_give_only_id_in_every_markdown_field() {
    let site = site_with_hostile_headings();
    site.build().unwrap();
    let headings = Selector::parse("h1, h2, h3, h4, h5, h6").unwrap();
    let mut seen = 0;
    for e in walkdir::WalkDir::new(site.root.join("output")) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let raw = std::fs::read_to_string(e.path()).unwrap();
        for bad in ["onfocus", "autofocus", "tabindex=\"1\"", "color:red"] {
            assert!(!raw.contains(bad), "{bad} in {}", e.path().display());
        }
        let doc = Html::parse_document(&raw);
        for h in doc.select(&headings) {
            if h.text().collect::<String>().trim() == "Två" {
                seen += 1;
                let names: Vec<&str> = h.value().attrs().map(|(n, _)| n).collect();
                assert_eq!(names, ["id"], "{}: {}", e.path().display(), h.html());
            }
        }
    }
    // article, page, plan summary (front page and /plan/), initiative, story
    assert!(seen >= 5, "the hostile heading was found {seen} times");
}

fn opts() -> MdOptions {
    MdOptions {
        unsafe_html: false,
        base_path: "/".into(),
        lang: Lang::Sv,
        images: None,
        eager_first: false,
    }
}

/// Inputs an attacker (or a careless copy and paste) might write.
const ADVERSARIAL: &[&str] = &[
    "## Två {onfocus=alert(2) tabindex=1 autofocus=autofocus}",
    "# Rubrik {#\"><script>alert(1)</script> .a onclick=x}",
    "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](java\tscript:alert(1))",
    "[d](&#106;avascript:alert(1)) <vbscript:msgbox(1)> [e](data:text/html,<script>x</script>)",
    "![f](data:image/svg+xml;base64,PHN2Zz4=) ![g](javascript:alert(1) \"t\\\" onerror=\\\"x\")",
    "[h](file:///etc/passwd) [i](  javascript:alert(1)) [j](https://ok.example/?a=\"b\")",
    "```\"><script>alert(1)</script>\nkod\n```",
    "Text <script>alert(1)</script> <img src=x onerror=alert(2) alt=x> <a href=\"javascript:x\">l</a>",
    "<div onclick=\"x()\" style=\"position:fixed\">a</div>\n\n<iframe src=\"https://evil.example\"></iframe>",
    "| a | b |\n|:-:|--:|\n| <b onmouseover=x>c</b> | d |",
    "Fotnot[^x\"><svg onload=alert(1)>].\n\n[^x\"><svg onload=alert(1)>]: text",
    "<svg><script>alert(1)</script></svg> <math><mi xlink:href=\"javascript:x\">m</mi></math>",
    "[k]: javascript:alert(1)\n\n[länk][k] <javascript:alert(1)>",
];

/// `html` as html5ever serialises it, so that two spellings of the same tree compare equal.
fn normalised(html: &str) -> String {
    Html::parse_fragment(html).root_element().inner_html()
}

#[test]
fn markdown_output_is_left_unchanged_by_ammonia() {
    let strict = || {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("a", ["rel"])
            .url_schemes(["http", "https", "mailto", "tel"].into())
            .link_rel(None);
        b
    };
    for md in ADVERSARIAL {
        let out = markdown::render(md, &opts()).html;
        let cleaned = strict().clean(&out).to_string();
        assert_eq!(normalised(&cleaned), normalised(&out), "input: {md}");
    }
}

#[test]
fn links_and_images_keep_only_safe_url_schemes() {
    let sel = Selector::parse("[href], [src]").unwrap();
    for md in ADVERSARIAL {
        let out = markdown::render(md, &opts()).html;
        let doc = Html::parse_fragment(&out);
        for e in doc.select(&sel) {
            for url in [e.value().attr("href"), e.value().attr("src")]
                .into_iter()
                .flatten()
            {
                let lower = url.trim().to_ascii_lowercase();
                let scheme = lower
                    .split_once(':')
                    .map(|(s, _)| s)
                    .filter(|s| !s.contains(['/', '?', '#']));
                assert!(
                    scheme.is_none_or(|s| ["http", "https", "mailto", "tel"].contains(&s)),
                    "{url} from {md}: {out}"
                );
            }
        }
    }
}
