//! Markdown fields of content files: rendered once, their own mistakes (an image without alt
//! text, a skipped heading level) reported at their place in the file, and their links kept
//! with file positions for the link stage.

use super::fields::{Ctx, Obj};
use super::{Loader, Pos};
use crate::diag::Problem;
use crate::markdown::{self, MdIssue, MdOrigin, Rendered};

/// Renders `md`, which starts at `origin` in the file `ctx` reads and belongs to the page at
/// site path `page` (None when that page is not known, e.g. the slug is wrong).
pub fn render(
    loader: &Loader,
    ctx: &Ctx,
    md: &str,
    origin: MdOrigin,
    page: Option<&str>,
) -> Rendered {
    let mut r = markdown::render_on(md, &loader.md, page);
    r.place(origin);
    for (at, issue) in &r.issues {
        let problem = match *issue {
            MdIssue::ImageWithoutAlt => Problem::TextImageWithoutAlt,
            MdIssue::HeadingSkip { from, to } => Problem::HeadingSkip { from, to },
            MdIssue::HtmlTooDeep => Problem::HtmlTooDeep {
                limit: markdown::MAX_HTML_DEPTH,
            },
        };
        let pos = Pos {
            line: at.line,
            column: at.column,
        };
        ctx.error(pos, problem, None);
    }
    r
}

/// Renders the Markdown value of `key` in a YAML mapping, a text of the page at `page`.
pub fn field(loader: &Loader, o: &Obj, key: &str, md: &str, page: Option<&str>) -> Rendered {
    let (pos, block) = o.ctx.text.scalar_start(o.at, key);
    let origin = MdOrigin {
        line: pos.line,
        column: pos.column,
        block,
    };
    render(loader, o.ctx, md, origin, page)
}

/// A summary as written: `summary: ""` (what `framsteg new article` writes) counts as none.
pub fn given_summary(o: &Obj) -> Option<String> {
    o.str_opt("summary")
        .filter(|s| !s.trim().is_empty())
        .map(|s| markdown::plain_text(&s))
}
