//! The plan's YAML data: `plan/plan.yaml`, one initiative per file in `plan/initiatives/`, and
//! lists of short stories in `stories/`. Indicators share one reader wherever they appear.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::fields::{self, scalar_string, Ctx, Obj};
use super::text;
use super::{is_slug, Loader, Parsed};
use crate::diag::{suggest, Diagnostic, Problem};
use crate::model::{
    BudgetRow, DateRange, Decision, Goal, Indicator, IndicatorSource, Initiative, Milestone,
    Origin, Plan, Status, Story, Unit, YearRange, YearValue,
};
use crate::render::context::urls;

type Out = (Option<Parsed>, Vec<Diagnostic>);

pub(super) const PLAN_KEYS: &[&str] = &[
    "title",
    "period",
    "decided",
    "summary",
    "goals",
    "indicators",
];
pub(super) const INITIATIVE_KEYS: &[&str] = &[
    "id",
    "title",
    "subjects",
    "status",
    "owner",
    "period",
    "goals",
    "budget",
    "summary",
    "description",
    "milestones",
    "indicators",
    "draft",
    "attachments",
];
pub(super) const STORY_KEYS: &[&str] = &[
    "title",
    "date",
    "school",
    "subjects",
    "initiatives",
    "body",
    "summary",
    "slug",
    "draft",
];
pub(super) const INDICATOR_KEYS: &[&str] = &[
    "id",
    "title",
    "unit",
    "higher_is_better",
    "source",
    "baseline",
    "target",
    "values",
    "notes",
    "updated",
];
pub(super) const GOAL_KEYS: &[&str] = &["id", "title", "indicators"];
pub(super) const YEAR_RANGE_KEYS: &[&str] = &["start", "end"];
pub(super) const DECIDED_KEYS: &[&str] = &["date", "by"];
pub(super) const SOURCE_KEYS: &[&str] = &["name", "url", "kpi", "municipality", "ou", "gender"];
pub(super) const YEAR_VALUE_KEYS: &[&str] = &["year", "value"];
pub(super) const BUDGET_KEYS: &[&str] = &["year", "amount", "source"];
pub(super) const MILESTONE_KEYS: &[&str] = &["date", "title", "done"];

fn parse_yaml(rel: &Path, text: &str) -> Result<serde_yaml::Value, Vec<Diagnostic>> {
    fields::parse_yaml(rel, text, 0).map_err(|d| vec![d])
}

fn origin(rel: &Path, line: usize) -> Origin {
    Origin {
        file: rel.to_path_buf(),
        line,
    }
}

/// An `id:` checked to be URL-safe and short enough for a file name.
fn checked_id(ctx: &Ctx, o: &Obj, id: String) -> Option<String> {
    let Some(problem) = super::slug_problem(&id) else {
        return Some(id);
    };
    let hint = match problem {
        Problem::BadSlug(_) => Some(slug::slugify(&id)).filter(|s| is_slug(s)),
        _ => None,
    };
    ctx.error(o.value_pos("id", &id), problem, hint);
    None
}

pub fn plan(loader: &Loader, rel: &Path, text: &str) -> Out {
    let value = match parse_yaml(rel, text) {
        Ok(v) => v,
        Err(d) => return (None, d),
    };
    let ctx = Ctx::new(rel, text, 0);
    let plan = ctx
        .obj(&value, ctx.text.start(), "plan.yaml", PLAN_KEYS)
        .and_then(|o| {
            let title = o.text_req("title");
            let period = o.obj("period", YEAR_RANGE_KEYS).and_then(|p| {
                let (start, end) = (p.year_req("start"), p.year_req("end"));
                Some(YearRange {
                    start: start?,
                    end: end?,
                })
            });
            if o.get("period").is_none() {
                ctx.error(o.at, Problem::MissingField("period".into()), None);
            }
            let decided = o.obj("decided", DECIDED_KEYS).and_then(|d| {
                Some(Decision {
                    date: d.date_req("date")?,
                    by: d.str_req("by")?,
                })
            });
            let goals = o
                .list_obj("goals", GOAL_KEYS)
                .iter()
                .filter_map(|g| {
                    let (id, title) = (g.str_req("id"), g.text_req("title"));
                    Some(Goal {
                        id: checked_id(&ctx, g, id?)?,
                        title: title?,
                        indicators: g.list_str("indicators"),
                    })
                })
                .collect();
            let indicators = indicators(&o);
            let summary = o.str_opt("summary").unwrap_or_default();
            let rendered = text::field(loader, &o, "summary", &summary, Some("/plan/"));
            Some(Plan {
                origin: origin(rel, 1),
                title: title?,
                period: period?,
                decided,
                summary_html: rendered.html,
                goals,
                indicators,
                refs: rendered.refs,
            })
        });
    let diags = ctx.into_diags();
    (plan.map(|p| Parsed::Plan(Arc::new(p))), diags)
}

pub fn initiative(loader: &Loader, rel: &Path, text: &str) -> Out {
    let value = match parse_yaml(rel, text) {
        Ok(v) => v,
        Err(d) => return (None, d),
    };
    let ctx = Ctx::new(rel, text, 0);
    let init = ctx
        .obj(&value, ctx.text.start(), "initiative", INITIATIVE_KEYS)
        .and_then(|o| {
            let id = match o.str_opt("id") {
                Some(id) => checked_id(&ctx, &o, id),
                None => {
                    let id = super::content::slug_from_file(rel);
                    match super::slug_problem(&id) {
                        None => Some(id),
                        Some(p) => {
                            ctx.error(ctx.text.start(), p, None);
                            None
                        }
                    }
                }
            };
            let title = o.text_req("title");
            let status = o.str_req("status").and_then(|s| {
                let st = Status::parse(&s);
                if st.is_none() {
                    ctx.error(
                        o.value_pos("status", &s),
                        Problem::BadStatus(s.clone()),
                        suggest(&s, Status::ALL.iter().map(|s| s.id())),
                    );
                }
                st
            });
            let period = o.obj("period", YEAR_RANGE_KEYS).and_then(|p| {
                Some(DateRange {
                    start: p.date_req("start")?,
                    end: p.date_opt("end"),
                })
            });
            let budget = o
                .list_obj("budget", BUDGET_KEYS)
                .iter()
                .filter_map(|b| {
                    let (year, amount) = (b.year_req("year"), b.amount_req("amount"));
                    Some(BudgetRow {
                        year: year?,
                        amount: amount?,
                        source: b.str_opt("source").unwrap_or_default(),
                    })
                })
                .collect();
            let milestones = o
                .list_obj("milestones", MILESTONE_KEYS)
                .iter()
                .filter_map(|m| {
                    let (date, title) = (m.date_req("date"), m.text_req("title"));
                    Some(Milestone {
                        date: date?,
                        title: title?,
                        done: m.bool_opt("done"),
                    })
                })
                .collect();
            let indicators = indicators(&o);
            let draft = o.bool_opt("draft");
            let description = o.str_opt("description").unwrap_or_default();
            let page = id.as_deref().map(|i| format!("/{}", urls::initiative(i)));
            let mut rendered =
                text::field(loader, &o, "description", &description, page.as_deref());
            let attachments = super::attach::list(loader, &ctx, &o, &mut rendered.refs);
            let summary = text::given_summary(&o).unwrap_or(rendered.first_paragraph);
            Some(Initiative {
                origin: origin(rel, 1),
                id: id?,
                title: title?,
                subjects: o.list_str("subjects"),
                status: status?,
                owner: o.str_opt("owner"),
                period,
                goals: o.list_str("goals"),
                budget,
                summary,
                description_html: rendered.html,
                milestones,
                refs: rendered.refs,
                indicators,
                draft,
                attachments,
            })
        });
    let diags = ctx.into_diags();
    (init.map(|i| Parsed::Initiative(Arc::new(i))), diags)
}

pub fn stories(loader: &Loader, rel: &Path, text: &str) -> Out {
    let value = match parse_yaml(rel, text) {
        Ok(v) => v,
        Err(d) => return (None, d),
    };
    let ctx = Ctx::new(rel, text, 0);
    let items: &[serde_yaml::Value] = match &value {
        serde_yaml::Value::Sequence(items) => items,
        serde_yaml::Value::Null => &[],
        _ => {
            ctx.error(
                ctx.text.start(),
                Problem::WrongType {
                    key: rel.to_string_lossy().into_owned(),
                    expected: crate::diag::Shape::List,
                },
                None,
            );
            &[]
        }
    };
    let mut stories = Vec::new();
    let starts = ctx.text.items(ctx.text.start(), None, items.len());
    for (item, &at) in items.iter().zip(&starts) {
        let Some(o) = ctx.obj(item, at, "story", STORY_KEYS) else {
            continue;
        };
        let title = o.text_req("title");
        let date = o.date_req("date");
        let slug = match o.str_opt("slug") {
            Some(s) => checked_slug(&ctx, &o, s),
            None => {
                title
                    .as_deref()
                    .map(slug::slugify)
                    .and_then(|s| match super::slug_problem(&s) {
                        None => Some(s),
                        Some(p @ Problem::SlugTooLong { .. }) => {
                            ctx.error(o.key_pos("title"), p, None);
                            None
                        }
                        Some(_) => None,
                    })
            }
        };
        let body = o.str_req("body").unwrap_or_default();
        let page = slug.as_deref().map(|s| format!("/{}", urls::story(s)));
        let rendered = text::field(loader, &o, "body", &body, page.as_deref());
        let summary = text::given_summary(&o).unwrap_or(rendered.first_paragraph);
        let subjects = o.list_str_req("subjects");
        let story = (|| {
            Some(Story {
                origin: origin(rel, at.line),
                slug: slug?,
                title: title?,
                date: date?,
                school: o.str_opt("school"),
                subjects,
                initiatives: o.list_str("initiatives"),
                summary,
                body_html: rendered.html,
                refs: rendered.refs,
                draft: o.bool_opt("draft"),
                scheduled: date? > loader.today,
            })
        })();
        stories.extend(story.map(Arc::new));
    }
    (Some(Parsed::Stories(stories)), ctx.into_diags())
}

fn checked_slug(ctx: &Ctx, o: &Obj, s: String) -> Option<String> {
    let Some(problem) = super::slug_problem(&s) else {
        return Some(s);
    };
    let hint = match problem {
        Problem::BadSlug(_) => Some(slug::slugify(&s)).filter(|x| is_slug(x)),
        _ => None,
    };
    ctx.error(o.value_pos("slug", &s), problem, hint);
    None
}

/// The `indicators:` list of a plan or an initiative.
fn indicators(o: &Obj) -> Vec<Indicator> {
    o.list_obj("indicators", INDICATOR_KEYS)
        .iter()
        .filter_map(indicator)
        .collect()
}

fn indicator(o: &Obj) -> Option<Indicator> {
    let ctx = o.ctx;
    let id = o.str_req("id").and_then(|id| checked_id(ctx, o, id));
    let title = o.text_req("title");
    let unit = match o.str_opt("unit") {
        None => Some(Unit::Count),
        Some(u) => {
            let parsed = Unit::parse(&u);
            if parsed.is_none() {
                ctx.error(
                    o.value_pos("unit", &u),
                    Problem::BadUnit(u.clone()),
                    suggest(&u, Unit::ALL.iter().map(|u| u.id())),
                );
            }
            parsed
        }
    };
    let higher_is_better = match o.get("higher_is_better") {
        None => true,
        Some(_) => o.bool_opt("higher_is_better"),
    };
    let source = o.obj("source", SOURCE_KEYS).and_then(|s| {
        Some(IndicatorSource {
            name: s.str_req("name")?,
            url: s.url_opt("url", "source.url"),
            kpi: s.str_opt("kpi"),
            municipality: s.str_opt("municipality"),
            ou: s.str_opt("ou"),
            gender: s.str_opt("gender").and_then(|g| {
                if matches!(g.as_str(), "T" | "K" | "M") {
                    return Some(g);
                }
                ctx.error(
                    s.value_pos("gender", &g),
                    Problem::BadGender(g.clone()),
                    suggest(&g.to_uppercase(), ["T", "K", "M"]),
                );
                None
            }),
        })
    });
    let year_value = |key: &str| {
        o.obj(key, YEAR_VALUE_KEYS).and_then(|yv| {
            let (year, value) = (yv.year_req("year"), yv.num_req("value"));
            Some(YearValue {
                year: year?,
                value: value?,
            })
        })
    };
    let baseline = year_value("baseline");
    let target = year_value("target");
    let mut values = BTreeMap::new();
    for (k, v) in o.mapping("values").into_iter().flatten() {
        let Some(year) = year_of(o, "values", k) else {
            continue;
        };
        match v {
            serde_yaml::Value::Null => {
                values.insert(year, None);
            }
            v => match v.as_f64() {
                Some(x) if x.is_finite() => {
                    values.insert(year, Some(x));
                }
                Some(_) => ctx.error(
                    o.value_pos("values", &year.to_string()),
                    Problem::NotFinite(format!("values.{year}")),
                    None,
                ),
                None => ctx.error(
                    o.value_pos("values", &year.to_string()),
                    Problem::WrongType {
                        key: format!("values.{year}"),
                        expected: crate::diag::Shape::Number,
                    },
                    None,
                ),
            },
        }
    }
    let mut notes = BTreeMap::new();
    for (k, v) in o.mapping("notes").into_iter().flatten() {
        if let (Some(year), Some(text)) = (year_of(o, "notes", k), scalar_string(v)) {
            notes.insert(year, text);
        }
    }
    Some(Indicator {
        id: id?,
        title: title?,
        unit: unit?,
        higher_is_better,
        source,
        baseline,
        target,
        values,
        notes,
        line: o.at.line,
        updated: o.date_opt("updated"),
        provenance: Default::default(),
    })
}

/// A year used as a mapping key.
fn year_of(o: &Obj, key: &str, k: &serde_yaml::Value) -> Option<i32> {
    let text = scalar_string(k).unwrap_or_default();
    match text.parse::<i32>() {
        Ok(y) if (1900..=2200).contains(&y) => Some(y),
        _ => {
            o.ctx.error(
                o.value_pos(key, &text),
                Problem::WrongType {
                    key: format!("{key}.{text}"),
                    expected: crate::diag::Shape::YearMap,
                },
                None,
            );
            None
        }
    }
}
