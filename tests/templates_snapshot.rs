//! Snapshots of the default theme's output for the test fixture: any change to a template or
//! to the data it receives shows up here as a reviewable diff (`cargo insta review`).

mod common;

use common::TestSite;

fn page(site: &TestSite, rel: &str) -> String {
    site.read(rel)
}

#[test]
fn article_page_snapshot() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    insta::assert_snapshot!(page(&site, "artiklar/fn-dagen-angasskolan/index.html"));
}

#[test]
fn empty_subject_page_snapshot() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    insta::assert_snapshot!(page(&site, "amnen/praktiska-amnen/index.html"));
}

#[test]
fn initiative_page_snapshot() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    insta::assert_snapshot!(page(&site, "insatser/las-garanti/index.html"));
}

#[test]
fn feed_snapshot() {
    let site = TestSite::fixture("site");
    site.build().unwrap();
    insta::assert_snapshot!(page(&site, "atom.xml"));
}
