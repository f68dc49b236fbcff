//! Escaping for text put into HTML, XML and SVG that is written outside tera (charts, the
//! serve overlay): pulldown-cmark's escaper, the same one that writes the Markdown HTML.

/// Escapes `& < > " '` for element content and quoted attribute values.
pub fn markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}
