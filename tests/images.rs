//! Photos and documents as a municipality publishes them: photos resized into WebP and their
//! own format with no metadata left and turned upright, `<picture>` with sizes that match the
//! files, a cache that makes a warm build resize nothing, documents with type and size, and
//! clear mistakes for broken, missing and oversized files. The photos are made by the tests.

mod common;

use std::io::Cursor;

use common::{attrs, texts, TestSite};
use framsteg::diag::Problem;
use framsteg::pipeline;
use img_parts::jpeg::Jpeg;
use img_parts::webp::WebP;
use img_parts::ImageEXIF;

/// A photo `w`×`h`: the left half red, the right half blue, with a little texture.
fn photo(w: u32, h: u32) -> image::RgbImage {
    image::RgbImage::from_fn(w, h, |x, y| {
        let t = ((x * 7 + y * 3) % 32) as u8;
        if x < w / 2 {
            image::Rgb([220, 20 + t, 20])
        } else {
            image::Rgb([20, 20 + t, 220])
        }
    })
}

fn jpeg(img: &image::RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(img)
        .expect("encode");
    out
}

/// EXIF (little-endian TIFF) with an orientation and a GPS position (59°N 18°E).
fn exif(orientation: u16) -> Vec<u8> {
    let mut t: Vec<u8> = Vec::new();
    t.extend(b"II*\0");
    t.extend(8u32.to_le_bytes());
    // IFD0 at 8: two entries.
    let gps_ifd = 8 + 2 + 2 * 12 + 4;
    t.extend(2u16.to_le_bytes());
    t.extend(0x0112u16.to_le_bytes()); // Orientation
    t.extend(3u16.to_le_bytes()); // SHORT
    t.extend(1u32.to_le_bytes());
    t.extend(u32::from(orientation).to_le_bytes());
    t.extend(0x8825u16.to_le_bytes()); // GPS IFD pointer
    t.extend(4u16.to_le_bytes()); // LONG
    t.extend(1u32.to_le_bytes());
    t.extend((gps_ifd as u32).to_le_bytes());
    t.extend(0u32.to_le_bytes());
    // GPS IFD: LatitudeRef N, Latitude 59/1 0/1 0/1, LongitudeRef E, Longitude 18/1 0/1 0/1.
    let rationals = gps_ifd + 2 + 4 * 12 + 4;
    t.extend(4u16.to_le_bytes());
    for (tag, ty, count, value) in [
        (1u16, 2u16, 2u32, u32::from_le_bytes(*b"N\0\0\0")),
        (2, 5, 3, rationals as u32),
        (3, 2, 2, u32::from_le_bytes(*b"E\0\0\0")),
        (4, 5, 3, rationals as u32 + 24),
    ] {
        t.extend(tag.to_le_bytes());
        t.extend(ty.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value.to_le_bytes());
    }
    t.extend(0u32.to_le_bytes());
    for deg in [59u32, 18] {
        for (n, d) in [(deg, 1u32), (0, 1), (0, 1)] {
            t.extend(n.to_le_bytes());
            t.extend(d.to_le_bytes());
        }
    }
    t
}

/// A phone photo: a JPEG `w`×`h` as stored, with EXIF orientation and GPS position.
fn phone_photo(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let mut j = Jpeg::from_bytes(jpeg(&photo(w, h)).into()).expect("jpeg");
    j.set_exif(Some(exif(orientation).into()));
    let mut out = Vec::new();
    j.encoder().write_to(&mut out).expect("write");
    out
}

fn article(name: &str, front: &str, body: &str) -> (String, String) {
    (
        format!("content/articles/{name}.md"),
        format!("---\ntitle: Skolgården\ndate: 2024-05-02\nsubjects: [sprak]\n{front}---\n{body}"),
    )
}

fn site_with_photo(orientation: u16) -> TestSite {
    let site = TestSite::fixture("site");
    site.write(
        "content/media/skolgard.jpg",
        phone_photo(1200, 800, orientation),
    );
    let (path, text) = article(
        "2024-05-02-skolgarden",
        "image: media/skolgard.jpg\nimage_alt: Elever på skolgården\n",
        "Första stycket.\n\n![Klassrummet](media/skolgard.jpg)\n",
    );
    site.write(&path, text);
    site
}

const PAGE: &str = "artiklar/skolgarden/index.html";

#[test]
fn published_photos_carry_no_exif_and_no_gps_position() {
    let site = site_with_photo(1);
    let original = std::fs::read(site.root.join("content/media/skolgard.jpg")).unwrap();
    assert!(Jpeg::from_bytes(original.into()).unwrap().exif().is_some());
    site.build().expect("build");
    assert!(
        !site.out("media/skolgard.jpg").exists(),
        "the original is not published"
    );
    let mut seen = 0;
    for w in [480, 960, 1200] {
        let j = std::fs::read(site.out(&format!("media/skolgard-{w}w.jpg"))).unwrap();
        let jpeg = Jpeg::from_bytes(j.clone().into()).expect("a JPEG");
        assert!(jpeg.exif().is_none());
        // No APP1 (EXIF, XMP) or APP13 (IPTC) segment at all.
        assert!(jpeg
            .segments()
            .iter()
            .all(|s| s.marker() != 0xE1 && s.marker() != 0xED));
        let webp = std::fs::read(site.out(&format!("media/skolgard-{w}w.webp"))).unwrap();
        let parsed = WebP::from_bytes(webp.clone().into()).expect("a WebP");
        assert!(parsed.exif().is_none());
        assert!(!parsed.has_chunk(*b"XMP "));
        for bytes in [&j, &webp] {
            assert!(!bytes.windows(4).any(|x| x == b"Exif"));
        }
        seen += 1;
    }
    assert_eq!(seen, 3);
}

#[test]
fn a_sideways_phone_photo_comes_out_upright() {
    // Stored 1200×800 with orientation 6: shown turned a quarter clockwise, 800×1200, with
    // the stored left (red) half on top.
    let site = site_with_photo(6);
    site.build().expect("build");
    let img = image::open(site.out("media/skolgard-480w.jpg")).expect("decode");
    assert_eq!((img.width(), img.height()), (480, 720));
    let rgb = img.to_rgb8();
    let top = rgb.get_pixel(240, 100);
    let bottom = rgb.get_pixel(240, 620);
    assert!(top[0] > 150 && top[2] < 100, "top is red: {top:?}");
    assert!(
        bottom[2] > 150 && bottom[0] < 100,
        "bottom is blue: {bottom:?}"
    );
    let doc = site.html(PAGE);
    assert_eq!(attrs(&doc, ".hero img", "width"), ["800"]);
    assert_eq!(attrs(&doc, ".hero img", "height"), ["1200"]);
}

/// `(url, width)` of each candidate of a `srcset`.
fn candidates(srcset: &str) -> Vec<(String, u32)> {
    srcset
        .split(", ")
        .map(|c| {
            let (url, w) = c.rsplit_once(' ').expect("url and width");
            (
                url.to_string(),
                w.trim_end_matches('w').parse().expect("width"),
            )
        })
        .collect()
}

fn dims(site: &TestSite, url: &str) -> (u32, u32) {
    let rel = url.strip_prefix('/').expect("site path");
    let bytes = std::fs::read(site.out(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let img = image::load_from_memory(&bytes).expect("decodes");
    (img.width(), img.height())
}

#[test]
fn srcset_lists_existing_files_of_the_right_widths_and_img_sizes_match() {
    let site = site_with_photo(1);
    site.build().expect("build");
    let doc = site.html(PAGE);
    for scope in [".hero", ".prose"] {
        let webp = attrs(&doc, &format!("{scope} picture source"), "srcset");
        let fallback = attrs(&doc, &format!("{scope} picture img"), "srcset");
        assert_eq!(webp.len(), 1, "{scope}");
        for set in [&webp[0], &fallback[0]] {
            let c = candidates(set);
            assert_eq!(c.iter().map(|x| x.1).collect::<Vec<_>>(), [480, 960, 1200]);
            for (url, w) in c {
                let (fw, fh) = dims(&site, &url);
                assert_eq!(fw, w, "{url}");
                assert_eq!(fh, w * 2 / 3, "{url}");
            }
        }
        let src = attrs(&doc, &format!("{scope} picture img"), "src");
        let (w, h) = dims(&site, &src[0]);
        assert_eq!(
            attrs(&doc, &format!("{scope} picture img"), "width"),
            [w.to_string()]
        );
        assert_eq!(
            attrs(&doc, &format!("{scope} picture img"), "height"),
            [h.to_string()]
        );
    }
    // The hero is the first thing on the page; the photo in the text loads when scrolled to.
    assert!(attrs(&doc, ".hero img", "loading").is_empty());
    assert_eq!(attrs(&doc, ".prose img", "loading"), ["lazy"]);
    assert_eq!(attrs(&doc, ".prose img", "decoding"), ["async"]);
    assert_eq!(attrs(&doc, ".prose img", "alt"), ["Klassrummet"]);
    assert_eq!(attrs(&doc, ".hero img", "alt"), ["Elever på skolgården"]);
    // Shared on social media as the widest variant, which is published.
    let og = attrs(&doc, "meta[property='og:image']", "content");
    assert_eq!(og, ["https://test.example.se/media/skolgard-1200w.jpg"]);
    assert!(site.out("media/skolgard-1200w.jpg").is_file());
    // Listings show the same variants, as decoration beside the title.
    let home = site.html("index.html");
    let card = attrs(&home, ".card-image img", "srcset");
    assert!(
        card.iter()
            .any(|s| s.contains("/media/skolgard-480w.jpg 480w")),
        "{card:?}"
    );
    assert_eq!(attrs(&home, ".card-image img", "alt")[0], "");
}

#[test]
fn a_warm_rebuild_resizes_nothing_and_a_changed_photo_is_resized_again() {
    let site = site_with_photo(1);
    let resized = || {
        let (built, _) = pipeline::build(&site.root, None).expect("build");
        built.site.images.as_ref().expect("images").resized()
    };
    assert_eq!(resized(), 1, "the cold build resizes the one photo");
    assert_eq!(resized(), 0, "the warm build resizes nothing");
    assert!(site.out("media/skolgard-960w.webp").is_file());
    site.write("content/media/skolgard.jpg", phone_photo(1000, 800, 1));
    assert_eq!(resized(), 1, "a changed photo is resized again");
    assert_eq!(dims(&site, "/media/skolgard-1000w.jpg"), (1000, 800));
    assert!(!site.out("media/skolgard-1200w.jpg").exists());
}

#[test]
fn serve_resizes_a_changed_photo_at_once_and_an_unchanged_one_never_again() {
    use framsteg::serve::incremental::{Engine, Outcome};
    let site = site_with_photo(1);
    let (mut engine, first) = Engine::new(&site.root);
    assert!(matches!(first, Outcome::Built(_)));
    site.edit(
        "content/articles/2024-05-02-skolgarden.md",
        "Första stycket.",
        "Första stycket, ändrat.",
    );
    let changed = std::collections::BTreeSet::from([std::path::PathBuf::from(
        "content/articles/2024-05-02-skolgarden.md",
    )]);
    let Outcome::Built(update) = engine.apply(&changed) else {
        panic!("rebuilt")
    };
    let page = update
        .files
        .iter()
        .find(|f| f.path == PAGE)
        .expect("the article is rendered again");
    let framsteg::render::Content::Bytes(html) = &page.content else {
        panic!("bytes")
    };
    assert!(String::from_utf8_lossy(html).contains("skolgard-1200w.webp 1200w"));
    site.write("content/media/skolgard.jpg", phone_photo(1000, 800, 1));
    let photo =
        std::collections::BTreeSet::from([std::path::PathBuf::from("content/media/skolgard.jpg")]);
    let Outcome::Built(update) = engine.apply(&photo) else {
        panic!("rebuilt")
    };
    assert!(update
        .files
        .iter()
        .any(|f| f.path == "media/skolgard-1000w.webp"));
    let counts = engine.images_resized();
    assert_eq!(
        counts, 1,
        "only the changed photo was resized in this reload"
    );
}

#[test]
fn a_document_link_and_an_attachment_show_type_and_size() {
    let site = TestSite::fixture("site");
    site.write("content/media/strategi.pdf", vec![b'%'; 284_800]);
    site.write("content/media/tabell.xlsx", vec![0u8; 1_234_567]);
    let (path, text) = article(
        "2024-05-03-strategi",
        "attachments:\n  - title: Resultat per skola\n    file: media/tabell.xlsx\n",
        "Läs [strategin](media/strategi.pdf) för hela kommunen.\n",
    );
    site.write(&path, text);
    site.build().expect("build");
    let doc = site.html("artiklar/strategi/index.html");
    assert_eq!(
        texts(&doc, ".prose a[href='/media/strategi.pdf']"),
        ["strategin (PDF, 285\u{a0}kB)"]
    );
    assert_eq!(
        texts(&doc, ".attachments li a"),
        ["Resultat per skola (XLSX, 1,2\u{a0}MB)"]
    );
    assert_eq!(
        attrs(&doc, ".attachments li a", "href"),
        ["/media/tabell.xlsx"]
    );
    assert!(site.out("media/strategi.pdf").is_file());
}

#[test]
fn english_sites_write_document_sizes_the_english_way() {
    let site = TestSite::fixture("site");
    site.edit("content/site.yaml", "language: sv", "language: en");
    site.write("content/media/strategi.pdf", vec![b'%'; 284_800]);
    let (path, text) = article(
        "2024-05-03-strategi",
        "",
        "Read [the strategy](media/strategi.pdf).\n",
    );
    site.write(&path, text);
    site.build().expect("build");
    let doc = site.html("artiklar/strategi/index.html");
    assert_eq!(texts(&doc, ".prose a"), ["the strategy (PDF, 285\u{a0}KB)"]);
}

#[test]
fn broken_missing_and_oversized_files_fail_check_with_file_and_line() {
    let site = TestSite::fixture("site");
    site.edit(
        "content/site.yaml",
        "language: sv",
        "language: sv\nimages: { max_mb: 1 }",
    );
    site.write("content/media/trasig.jpg", b"inte en bild alls");
    site.write("content/media/stor.jpg", vec![0u8; 1_200_000]);
    let (path, text) = article(
        "2024-05-04-fel",
        "attachments:\n  - title: Saknas\n    file: media/borta.pdf\n",
        "Text.\n\n![Trasig](media/trasig.jpg)\n\n![Saknas](media/saknas.jpg)\n\n![Stor](media/stor.jpg)\n",
    );
    site.write(&path, text);
    let errors = site.errors();
    let at = |p: fn(&Problem) -> bool| {
        errors
            .iter()
            .find(|d| p(&d.problem))
            .map(|d| (d.file.to_string_lossy().into_owned(), d.line, d.column))
    };
    let file = path.clone();
    assert_eq!(
        at(|p| matches!(p, Problem::ImageUnreadable { .. })),
        Some((file.clone(), 11, 11))
    );
    assert_eq!(
        at(|p| matches!(p, Problem::UnknownLink { image: true, .. })),
        Some((file.clone(), 13, 11))
    );
    assert_eq!(
        at(|p| matches!(p, Problem::ImageTooLarge { .. })),
        Some((file.clone(), 15, 9))
    );
    assert_eq!(
        at(|p| matches!(p, Problem::MissingFile(_))),
        Some((file.clone(), 7, 11))
    );
    // `check` stops on the same mistakes, with the place to open.
    let out = site.cli(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{file}:11:11")), "{err}");
    assert!(err.contains("går inte att läsa som JPEG"), "{err}");
}

#[test]
fn check_lists_unused_media_without_failing_and_warns_about_small_photos() {
    let site = TestSite::fixture("site");
    site.write("content/media/oanvand.jpg", jpeg(&photo(600, 400)));
    site.write("content/media/liten.jpg", jpeg(&photo(300, 200)));
    let (path, text) = article(
        "2024-05-05-liten",
        "",
        "Text.\n\n![Liten bild](media/liten.jpg)\n",
    );
    site.write(&path, text);
    let out = site.cli(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("content/media/oanvand.jpg"), "{err}");
    assert!(err.contains("används inte"), "{err}");
    assert!(err.contains(&format!("{path}:8:15")), "{err}");
    assert!(err.contains("bara 300 bildpunkter"), "{err}");
    site.build().expect("build");
    assert!(!site.out("media/oanvand.jpg").exists());
    assert!(site.out("media/liten-300w.webp").is_file());
}

#[test]
fn originals_are_published_only_when_the_site_says_so() {
    let site = site_with_photo(1);
    site.edit(
        "content/site.yaml",
        "language: sv",
        "language: sv\nimages: { publish_originals: true, widths: [400, 800] }",
    );
    site.build().expect("build");
    assert!(site.out("media/skolgard.jpg").is_file());
    let doc = site.html(PAGE);
    let c = candidates(&attrs(&doc, ".hero source", "srcset")[0]);
    assert_eq!(c.iter().map(|x| x.1).collect::<Vec<_>>(), [400, 800]);
}

#[test]
fn a_png_with_transparency_stays_png() {
    let site = TestSite::fixture("site");
    let img = image::RgbaImage::from_fn(600, 300, |x, _| image::Rgba([0, 0, 0, (x % 256) as u8]));
    let mut png = Vec::new();
    img.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    site.write("content/media/diagram.png", png);
    let (path, text) = article(
        "2024-05-06-diagram",
        "",
        "![Diagram över resultaten](media/diagram.png)\n",
    );
    site.write(&path, text);
    site.build().expect("build");
    let doc = site.html("artiklar/diagram/index.html");
    assert_eq!(
        attrs(&doc, ".prose img", "src"),
        ["/media/diagram-600w.png"]
    );
    // The only image of the text is first on the page: not lazy.
    assert!(attrs(&doc, ".prose img", "loading").is_empty());
    let out = image::open(site.out("media/diagram-480w.png")).unwrap();
    assert!(out.color().has_alpha());
}

#[test]
fn a_broken_front_matter_image_is_an_error_on_its_line() {
    let site = TestSite::fixture("site");
    site.write("content/media/trasig.jpg", b"\xff\xd8\xff inte en hel bild");
    let (path, text) = article(
        "2024-05-07-trasig",
        "image: media/trasig.jpg\nimage_alt: Skolgården\n",
        "Text.\n",
    );
    site.write(&path, text);
    let errors = site.errors();
    let d = errors
        .iter()
        .find(|d| matches!(d.problem, Problem::ImageUnreadable { .. }))
        .expect("an unreadable image");
    assert_eq!(
        (d.file.to_string_lossy().as_ref(), d.line, d.column),
        (path.as_str(), 5, 8)
    );
}

#[test]
fn a_media_file_named_like_a_resized_version_is_refused() {
    let site = site_with_photo(1);
    site.write("content/media/skolgard-480w.jpg", jpeg(&photo(600, 400)));
    let errors = site.errors();
    assert!(
        errors.iter().any(
            |d| d.file == std::path::Path::new("content/media/skolgard-480w.jpg")
                && matches!(
                    d.problem,
                    Problem::BadMediaName(framsteg::diag::MediaName::SameAsVariant(_))
                )
        ),
        "{errors:?}"
    );
}
