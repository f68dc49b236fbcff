//! Markdown fields of content files: rendered once, their own mistakes (an image without alt
//! text, a skipped heading level) reported at their place in the file, and their links kept
//! with file positions for the link stage.

use super::fields::{Ctx, Obj};
use super::{Loader, Pos};
use crate::diag::Problem;
use crate::images::{ImageProblem, Images, Lookup};
use crate::markdown::{self, MdIssue, MdOrigin, Reach, Rendered};

/// Renders `md`, which starts at `origin` in the file `ctx` reads and belongs to the page at
/// site path `page` (None when that page is not known, e.g. the slug is wrong).
pub fn render(
    loader: &Loader,
    ctx: &Ctx,
    md: &str,
    origin: MdOrigin,
    page: Option<&str>,
) -> Rendered {
    render_text(loader, ctx, md, origin, page, false)
}

/// [`render`] for the main text of a page with no image above it: its first image is not
/// lazily loaded.
pub fn render_main(
    loader: &Loader,
    ctx: &Ctx,
    md: &str,
    origin: MdOrigin,
    page: Option<&str>,
) -> Rendered {
    render_text(loader, ctx, md, origin, page, true)
}

fn render_text(
    loader: &Loader,
    ctx: &Ctx,
    md: &str,
    origin: MdOrigin,
    page: Option<&str>,
    eager: bool,
) -> Rendered {
    let mut r = if eager {
        let mut opts = loader.md.clone();
        opts.eager_first = true;
        markdown::render_on(md, &opts, page)
    } else {
        markdown::render_on(md, &loader.md, page)
    };
    r.place(origin);
    if let Some(images) = loader.images() {
        for link in r.refs.links.iter().filter(|l| l.reach == Reach::Internal) {
            let (path, _) = markdown::site_path(link.target(), &loader.md.base_path);
            if let Some(rel) = path.strip_prefix('/').filter(|p| p.starts_with("media/")) {
                let pos = Pos {
                    line: link.at.line,
                    column: link.at.column,
                };
                image_problem(ctx, pos, images, rel);
            }
        }
    }
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

/// Reports at `pos` why the photo `rel` (relative to `content/`) cannot be published, if it
/// cannot. The photo is processed now if it was not yet.
pub fn image_problem(ctx: &Ctx, pos: Pos, images: &Images, rel: &str) {
    let problem = match images.get(rel) {
        Lookup::Bad(ImageProblem::Undecodable(why)) => Problem::ImageUnreadable {
            file: format!("content/{rel}"),
            why,
        },
        Lookup::Bad(ImageProblem::TooLarge { bytes, limit }) => Problem::ImageTooLarge {
            file: format!("content/{rel}"),
            size: bytes,
            max: limit,
        },
        _ => return,
    };
    ctx.error(pos, problem, None);
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
