//! Media that a browser would run: an SVG opened on its own is a document, and a `<script>`,
//! an `on…` handler, a `<foreignObject>` with HTML or a `javascript:` link in it runs on the
//! site's own address. framsteg refuses such files (it does not rewrite them: a communicator
//! gets back what they put in, or a clear reason why not), as well as HTML and compressed SVG
//! in `media/`, which cannot be checked or are pages themselves.
//!
//! The check reads the SVG once with an XML parser, so its time grows with the file's size.

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use quick_xml::XmlVersion;

use crate::diag::MediaRisk;

/// Extensions of files a browser opens as a page, or as an SVG framsteg cannot read.
const ACTIVE: &[&str] = &["html", "htm", "xhtml", "xht", "shtml", "svgz", "xml", "xsl"];

/// The risk of a media file's name alone, if any.
pub fn risky_extension(name: &str) -> Option<MediaRisk> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    ACTIVE
        .contains(&ext.as_str())
        .then_some(MediaRisk::ActiveFile(ext))
}

/// True for a file name that is checked as SVG.
pub fn is_svg(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, e)| e.eq_ignore_ascii_case("svg"))
}

/// Every risk in an SVG text, each with the byte offset where it is written.
pub fn risks(text: &str) -> Vec<(usize, MediaRisk)> {
    let mut out = Vec::new();
    let mut reader = Reader::from_str(text);
    let mut style_depth = 0usize;
    loop {
        let at = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                element(text, at, &e, &mut out);
                if local(e.local_name().as_ref()) == "style" {
                    style_depth += 1;
                }
            }
            Ok(Event::Empty(e)) => element(text, at, &e, &mut out),
            Ok(Event::End(e)) => {
                if local(e.local_name().as_ref()) == "style" {
                    style_depth = style_depth.saturating_sub(1);
                }
            }
            Ok(Event::Text(t)) if style_depth > 0 => {
                let css = t.xml_content(XmlVersion::Implicit1_0);
                css_risks(&css, text_start(text, at), &mut out);
            }
            Ok(Event::CData(t)) if style_depth > 0 => {
                let css = t.xml_content(XmlVersion::Implicit1_0);
                css_risks(&css, text_start(text, at), &mut out);
            }
            Ok(Event::GeneralRef(_)) if style_depth > 0 => {
                out.push((at, MediaRisk::External("&…; in <style>".into())))
            }
            Ok(Event::DocType(_)) => out.push((text_start(text, at), MediaRisk::DocType)),
            Ok(Event::PI(pi)) => {
                let target = pi.target().to_string();
                out.push((
                    text_start(text, at),
                    MediaRisk::External(format!("<?{target}")),
                ));
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                out.push((
                    reader.error_position() as usize,
                    MediaRisk::NotXml(e.to_string()),
                ));
                break;
            }
        }
    }
    out
}

/// The offset of the first non-blank byte at or after `at` (events start after whitespace
/// that the parser folds into the previous text).
fn text_start(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.find(|c: char| !c.is_whitespace()).map(|i| at + i))
        .unwrap_or(at)
}

/// The local part of a (possibly prefixed) name, lowercased.
fn local(name: &str) -> String {
    name.to_ascii_lowercase()
}

fn element(text: &str, at: usize, e: &BytesStart, out: &mut Vec<(usize, MediaRisk)>) {
    let start = text_start(text, at);
    match local(e.local_name().as_ref()).as_str() {
        "script" => out.push((start, MediaRisk::Script)),
        "foreignobject" => out.push((start, MediaRisk::ForeignObject)),
        _ => {}
    }
    let raw: &str = e;
    for attr in e.attributes().with_checks(false) {
        let Ok(attr) = attr else {
            out.push((start, MediaRisk::NotXml("attribute".into())));
            continue;
        };
        let key = attr.key.as_ref().to_string();
        let name = local(attr.key.local_name().as_ref());
        // The attribute's place: its name inside the tag, after `<`.
        let pos = start + 1 + raw.find(key.as_str()).unwrap_or(0);
        let value = match attr.normalized_value(XmlVersion::Implicit1_0) {
            Ok(v) => v.into_owned(),
            Err(err) => {
                out.push((pos, MediaRisk::NotXml(err.to_string())));
                continue;
            }
        };
        let compact: String = value
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.starts_with("on") {
            out.push((pos, MediaRisk::EventHandler(key)));
        } else if compact.contains("javascript:") {
            out.push((pos, MediaRisk::JavascriptUrl));
        } else if name == "href" || name == "src" {
            if !value.starts_with('#') {
                out.push((pos, MediaRisk::External(value)));
            }
        } else if name == "attributename"
            && (compact.starts_with("on") || compact.ends_with("href"))
        {
            out.push((pos, MediaRisk::EventHandler(value)));
        } else {
            css_risks(&value, pos, out);
        }
    }
}

/// `url(…)` to anything but `#id`, and `@import`, in CSS (a `style` attribute, a `<style>`,
/// or a presentation attribute such as `fill`).
fn css_risks(css: &str, at: usize, out: &mut Vec<(usize, MediaRisk)>) {
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") {
        out.push((at, MediaRisk::External("@import".into())));
        return;
    }
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("url(") {
        let arg = rest[i + 4..].trim_start_matches([' ', '\t', '\n', '"', '\'']);
        if !arg.starts_with('#') {
            let end = arg.find(')').unwrap_or(arg.len());
            out.push((
                at,
                MediaRisk::External(format!("url({}", &arg[..end]) + ")"),
            ));
            return;
        }
        rest = &rest[i + 4..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_drawing_has_no_risks() {
        let svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><defs><linearGradient id=\"g\"/></defs><rect style=\"fill:url(#g)\" width=\"1\"/><!-- c --></svg>";
        assert_eq!(risks(svg), vec![]);
    }

    #[test]
    fn finds_scripts_handlers_and_references() {
        let svg = "<svg><script/><g onclick=\"x\"/><a href=\"java&#x09;script:x\"/><image href=\"https://e.x/a.png\"/><rect style=\"background:url( 'https://e.x/t' )\"/></svg>";
        let kinds: Vec<MediaRisk> = risks(svg).into_iter().map(|(_, r)| r).collect();
        assert_eq!(
            kinds,
            vec![
                MediaRisk::Script,
                MediaRisk::EventHandler("onclick".into()),
                MediaRisk::JavascriptUrl,
                MediaRisk::External("https://e.x/a.png".into()),
                MediaRisk::External("url(https://e.x/t' )".into()),
            ]
        );
    }

    #[test]
    fn names_active_file_types() {
        assert_eq!(
            risky_extension("media/sida.HTML"),
            Some(MediaRisk::ActiveFile("html".into()))
        );
        assert_eq!(risky_extension("media/bild.png"), None);
        assert!(is_svg("a/B.SVG"));
    }
}
