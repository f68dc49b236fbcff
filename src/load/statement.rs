//! The accessibility statement's keys in `content/site.yaml`: `organisation`, `contact`
//! (`email`, `phone`) and `accessibility` (`compliance`, `shortcomings`, `assessed_by`).
//! The theme's default statement (`/tillganglighet/`) is filled in from them. What it lacks
//! (organisation or contact missing, or still a placeholder) is collected as gaps with file and
//! line; `pipeline` makes them errors in a production build and warnings otherwise.

use super::fields::Obj;
use crate::diag::{Diagnostic, Problem};
use crate::model::{Accessibility, Compliance, Contact};

pub(super) const CONTACT_KEYS: &[&str] = &["email", "phone"];
pub(super) const ACCESSIBILITY_KEYS: &[&str] = &["compliance", "shortcomings", "assessed_by"];

/// What `framsteg init` writes and a real site must replace: a value that contains one of
/// these (in any case) is a placeholder.
pub const PLACEHOLDERS: &[&str] = &["fyll i", "fill in", "todo", "xxx"];

/// The statement's values, and its gaps.
pub(super) struct Statement {
    pub organisation: Option<String>,
    pub contact: Option<Contact>,
    pub accessibility: Accessibility,
    pub gaps: Vec<Diagnostic>,
}

fn is_placeholder(value: &str) -> bool {
    let v = value.trim().to_lowercase();
    v.is_empty() || PLACEHOLDERS.iter().any(|p| v.contains(p))
}

pub(super) fn parse(o: &Obj) -> Statement {
    let ctx = o.ctx;
    let mut gaps = Vec::new();
    let gap =
        |pos: super::locate::Pos, problem| Diagnostic::new(ctx.file, pos.line, pos.column, problem);
    let placeholder =
        |obj: &Obj, key: &str, full: &str, value: &str, gaps: &mut Vec<Diagnostic>| {
            if is_placeholder(value) {
                gaps.push(gap(
                    obj.value_pos(key, value),
                    Problem::StatementPlaceholder {
                        key: full.to_string(),
                        value: value.to_string(),
                    },
                ));
            }
        };

    let organisation = o.str_opt("organisation");
    match &organisation {
        None => gaps.push(gap(o.at, Problem::StatementMissing("organisation".into()))),
        Some(v) => placeholder(o, "organisation", "organisation", v, &mut gaps),
    }

    let contact = o.obj("contact", CONTACT_KEYS).map(|c| {
        let email = c.str_opt("email");
        let phone = c.str_opt("phone");
        if let Some(v) = &email {
            placeholder(&c, "email", "contact.email", v, &mut gaps);
        }
        if let Some(v) = &phone {
            placeholder(&c, "phone", "contact.phone", v, &mut gaps);
        }
        if email.is_none() && phone.is_none() {
            gaps.push(gap(c.at, Problem::StatementMissing("contact.email".into())));
        }
        Contact { email, phone }
    });
    if o.get("contact").is_none() {
        gaps.push(gap(o.at, Problem::StatementMissing("contact".into())));
    }

    let accessibility = o
        .obj("accessibility", ACCESSIBILITY_KEYS)
        .map(|a| {
            let compliance = match a.str_opt("compliance").as_deref() {
                None | Some("partial") => Compliance::Partial,
                Some("full") => Compliance::Full,
                Some("none") => Compliance::None,
                Some(other) => {
                    ctx.error(
                        a.value_pos("compliance", other),
                        Problem::BadCompliance(other.to_string()),
                        crate::diag::suggest(other, ["full", "partial", "none"]),
                    );
                    Compliance::Partial
                }
            };
            Accessibility {
                compliance,
                shortcomings: a.list_str("shortcomings"),
                assessed_by: a.str_opt("assessed_by"),
            }
        })
        .unwrap_or_default();

    Statement {
        organisation,
        contact,
        accessibility,
        gaps,
    }
}
