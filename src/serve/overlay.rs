//! What `serve` adds to the HTML it serves, and only there (never to `output/`): the live
//! reload script and, while the site has mistakes, an overlay that lists them as the command
//! line does (`file:line:column: message (menade du …?)`), above the last good page.
//!
//! The script is a file of its own (`/__framsteg/live.js`) rather than inline, so a theme with
//! a `script-src 'self'` Content-Security-Policy still reloads. With JavaScript off it does
//! nothing; the overlay is plain HTML and shows anyway.

use crate::model::Lang;
use crate::pipeline::Failure;

/// URL of the server-sent events.
pub const EVENTS_PATH: &str = "/__framsteg/events";
/// URL of the live reload script.
pub const SCRIPT_PATH: &str = "/__framsteg/live.js";

/// The live reload script. It reloads the page after a rebuild, swaps stylesheets after a
/// CSS-only change, and reconnects (reloading if the site changed meanwhile) after the server
/// restarts.
pub const LIVE_JS: &str = r##"(function () {
  "use strict";
  var me = document.currentScript;
  var version = me ? me.getAttribute("data-version") : "";
  var source = null;
  function swapStyles() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (old) {
      var url = new URL(old.href, location.href);
      if (url.origin !== location.origin) { return; }
      url.searchParams.set("framsteg", String(Date.now()));
      var fresh = old.cloneNode();
      fresh.href = url.toString();
      fresh.onload = function () { old.remove(); };
      old.after(fresh);
    });
  }
  function connect() {
    source = new EventSource("/__framsteg/events");
    source.addEventListener("hello", function (e) {
      var d = JSON.parse(e.data);
      if (version && d.version !== version) { location.reload(); }
    });
    source.addEventListener("reload", function () { location.reload(); });
    source.addEventListener("css", function (e) {
      version = JSON.parse(e.data).version;
      swapStyles();
    });
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        source = null;
        setTimeout(connect, 1000);
      }
    };
  }
  function closeOverlay() {
    var o = document.getElementById("framsteg-overlay") || document.getElementById("framsteg-warnings");
    if (o) { o.remove(); }
  }
  var button = document.querySelector("#framsteg-overlay button, #framsteg-warnings button");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", closeOverlay);
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { closeOverlay(); }
    });
  }
  if (window.EventSource) { connect(); }
})();
"##;

/// Escapes text for HTML element content and attribute values.
pub use crate::escape::markup as escape;

/// The tag that loads the live reload script for a page served at `version`.
pub fn script_tag(version: &str) -> String {
    format!(
        "<script src=\"{SCRIPT_PATH}\" data-version=\"{}\" defer></script>",
        escape(version)
    )
}

/// The overlay listing every mistake of a failed rebuild.
pub fn overlay(failure: &Failure) -> String {
    let sv = failure.lang == Lang::Sv;
    let n = failure.diags.len();
    let heading = match (sv, n) {
        (true, 1) => "Webbplatsen kunde inte byggas: 1 fel".to_string(),
        (true, n) => format!("Webbplatsen kunde inte byggas: {n} fel"),
        (false, 1) => "The site could not be built: 1 error".to_string(),
        (false, n) => format!("The site could not be built: {n} errors"),
    };
    let (intro, close) = if sv {
        (
            "Rätta felet och spara filen, så laddas sidan om av sig själv. Under rutan visas den senaste versionen som gick att bygga.",
            "Stäng",
        )
    } else {
        (
            "Fix the mistake and save the file; the page reloads by itself. Below this box is the last version that built.",
            "Close",
        )
    };
    let mut items = String::new();
    for d in &failure.diags {
        items.push_str("<li style=\"margin:0 0 .75em\"><code style=\"font:inherit;font-family:ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;overflow-wrap:anywhere;color:#1a1a1a\">");
        items.push_str(&escape(&d.one_line(failure.lang)));
        items.push_str("</code></li>");
    }
    format!(
        concat!(
            "<div id=\"framsteg-overlay\" role=\"alert\" aria-labelledby=\"framsteg-overlay-title\" ",
            "style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(0,0,0,.55);",
            "padding:1rem;box-sizing:border-box;font:1rem/1.5 system-ui,-apple-system,'Segoe UI',sans-serif\">",
            "<div style=\"max-width:60rem;margin:2rem auto;background:#fff;color:#1a1a1a;",
            "border:3px solid #a4001d;border-left-width:.6rem;border-radius:4px;padding:1.25rem 1.5rem\">",
            "<h2 id=\"framsteg-overlay-title\" style=\"margin:0 0 .5rem;font-size:1.35rem;color:#a4001d\">{heading}</h2>",
            "<p style=\"margin:0 0 1rem\">{intro}</p>",
            "<ul style=\"margin:0 0 1rem;padding-left:1.25rem\">{items}</ul>",
            "<button type=\"button\" hidden style=\"font:inherit;padding:.4rem 1rem;background:#a4001d;color:#fff;",
            "border:2px solid #a4001d;border-radius:4px;cursor:pointer;outline-offset:3px\">{close}</button>",
            "</div></div>"
        ),
        heading = escape(&heading),
        intro = escape(intro),
        items = items,
        close = close,
    )
}

/// A box at the bottom of the page listing what a successful rebuild warns about (stale or
/// disagreeing indicator values). It does not hide the page; Close (or Escape) removes it.
pub fn warnings_panel(warnings: &[crate::diag::Diagnostic], lang: Lang) -> String {
    let sv = lang == Lang::Sv;
    let n = warnings.len();
    let heading = match (sv, n) {
        (true, 1) => "1 varning".to_string(),
        (true, n) => format!("{n} varningar"),
        (false, 1) => "1 warning".to_string(),
        (false, n) => format!("{n} warnings"),
    };
    let (intro, close) = if sv {
        (
            "Webbplatsen byggdes, men titta på det här innan du publicerar.",
            "Stäng",
        )
    } else {
        (
            "The site was built, but look at this before you publish.",
            "Close",
        )
    };
    let mut items = String::new();
    for d in warnings {
        items.push_str("<li style=\"margin:0 0 .5em\"><code style=\"font:inherit;font-family:ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;overflow-wrap:anywhere;color:#1a1a1a\">");
        items.push_str(&escape(&d.one_line(lang)));
        items.push_str("</code></li>");
    }
    format!(
        concat!(
            "<div id=\"framsteg-warnings\" role=\"status\" aria-labelledby=\"framsteg-warnings-title\" ",
            "style=\"position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:40vh;overflow:auto;",
            "background:#fff8e1;color:#1a1a1a;border-top:3px solid #7a5300;padding:.75rem 1.25rem;",
            "box-sizing:border-box;font:1rem/1.5 system-ui,-apple-system,'Segoe UI',sans-serif\">",
            "<h2 id=\"framsteg-warnings-title\" style=\"margin:0 0 .25rem;font-size:1.1rem;color:#5c3e00\">{heading}</h2>",
            "<p style=\"margin:0 0 .5rem\">{intro}</p>",
            "<ul style=\"margin:0 0 .5rem;padding-left:1.25rem\">{items}</ul>",
            "<button type=\"button\" hidden style=\"font:inherit;padding:.3rem .9rem;background:#5c3e00;color:#fff;",
            "border:2px solid #5c3e00;border-radius:4px;cursor:pointer;outline-offset:3px\">{close}</button>",
            "</div>"
        ),
        heading = escape(&heading),
        intro = escape(intro),
        items = items,
        close = close,
    )
}

/// A page to serve when no version of the site has built yet.
pub fn no_site_page(lang: Lang) -> String {
    let (lang_code, title) = match lang {
        Lang::Sv => ("sv", "Webbplatsen kunde inte byggas"),
        Lang::En => ("en", "The site could not be built"),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title></head><body><h1>{title}</h1></body></html>\n"
    )
}

/// Inserts `extra` before the last `</body>` of `html`, or at its end when there is none.
pub fn inject(html: &[u8], extra: &str) -> Vec<u8> {
    let at = find_last_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostic, IdKind, Problem};

    #[test]
    fn injects_before_the_last_body_end() {
        let out = inject(b"<html><body><p>x</p></BODY></html>", "<s>");
        assert_eq!(out, b"<html><body><p>x</p><s></BODY></html>");
        assert_eq!(inject(b"<p>x</p>", "<s>"), b"<p>x</p><s>");
    }

    #[test]
    fn the_overlay_escapes_messages_and_names_the_place() {
        let d = Diagnostic::new(
            "content/articles/<a>.md",
            3,
            11,
            Problem::UnknownId {
                kind: IdKind::Subject,
                id: "sprk".into(),
            },
        )
        .with_suggestion(Some("sprak".into()));
        let html = overlay(&Failure {
            lang: Lang::Sv,
            diags: vec![d],
        });
        assert!(html.contains("role=\"alert\""));
        assert!(html
            .contains("content/articles/&lt;a&gt;.md:3:11: okänt ämne `sprk` (menade du sprak?)"));
        assert!(html.contains("1 fel"));
        assert!(!html.contains("<a>"));
    }

    #[test]
    fn the_warnings_panel_leaves_the_page_usable_and_escapes() {
        let d = Diagnostic::new(
            "content/plan/<p>.yaml",
            18,
            27,
            Problem::StaleValues {
                indicator: "behorighet-ak9".into(),
                newest: 2013,
                limit: 2,
            },
        );
        let html = warnings_panel(&[d], Lang::Sv);
        assert!(html.contains("role=\"status\""));
        assert!(!html.contains("role=\"alert\""));
        assert!(html.contains("1 varning"));
        assert!(html.contains("content/plan/&lt;p&gt;.yaml:18:27"));
    }
}
