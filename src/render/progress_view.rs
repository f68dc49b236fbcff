//! View models for the progress pages (home, `/plan/`, `/insatser/`, each initiative): the
//! plan's data joined with the progress math of [`crate::progress`] and the SVG charts of
//! [`crate::charts`], shaped for templates.

use serde::Serialize;
use tera::Value;

use super::context::{urls, Shared};
use crate::charts::{self, Chart};
use crate::link::Site;
use crate::model::{
    BudgetRow, Decision, Indicator, IndicatorSource, Initiative, Milestone, Status, YearRange,
    YearValue,
};
use crate::progress::{self, Progress, StatusCounts};

#[derive(Serialize)]
pub struct IndicatorView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub unit: &'static str,
    pub higher_is_better: bool,
    pub source: Option<&'a IndicatorSource>,
    pub baseline: Option<YearValue>,
    pub target: Option<YearValue>,
    pub progress: Progress,
    pub chart: Chart,
    /// Where the indicator is defined: the plan, or an initiative's page.
    pub home_url: Option<String>,
    /// "Källa: Kolada, hämtad …", when values shown are Kolada's unchanged.
    pub kolada: Option<super::credit::KoladaCredit>,
    /// When the values were last fetched or updated (`YYYY-MM-DD`).
    pub updated: Option<String>,
}

pub fn indicator_view<'a>(site: &Site, ind: &'a Indicator) -> IndicatorView<'a> {
    IndicatorView {
        id: &ind.id,
        title: &ind.title,
        unit: ind.unit.id(),
        higher_is_better: ind.higher_is_better,
        source: ind.source.as_ref(),
        baseline: ind.baseline,
        target: ind.target,
        progress: progress::progress(ind),
        chart: charts::line_chart(ind, site.config.language),
        home_url: None,
        kolada: super::credit::kolada(ind),
        updated: super::credit::updated(ind),
    }
}

#[derive(Serialize)]
pub struct PlanBrief<'a> {
    title: &'a str,
    period: &'a YearRange,
    decided: Option<&'a Decision>,
    summary_html: &'a str,
    url: String,
}

pub fn plan_brief(site: &Site) -> Option<PlanBrief<'_>> {
    let plan = site.plan.as_ref()?;
    Some(PlanBrief {
        title: &plan.title,
        period: &plan.period,
        decided: plan.decided.as_ref(),
        summary_html: &plan.summary_html,
        url: format!("{}plan/", site.config.base_path()),
    })
}

#[derive(Serialize)]
pub struct GoalBrief<'a> {
    id: &'a str,
    title: &'a str,
    indicators: Vec<IndicatorBrief<'a>>,
}

#[derive(Serialize)]
pub struct IndicatorBrief<'a> {
    id: &'a str,
    title: &'a str,
    unit: &'static str,
    target: Option<YearValue>,
    progress: Progress,
}

#[derive(Serialize)]
pub struct Overview<'a> {
    status: StatusCounts,
    milestones_done: usize,
    milestones_total: usize,
    budget_total: i64,
    goals: Vec<GoalBrief<'a>>,
}

/// Progress at a glance: initiatives by status, milestones, money, and each goal's indicators.
pub fn overview(site: &Site) -> Overview<'_> {
    let all: Vec<&Initiative> = site.initiatives.iter().map(|i| &**i).collect();
    let milestones: Vec<Milestone> = site
        .initiatives
        .iter()
        .flat_map(|i| i.milestones.iter().cloned())
        .collect();
    let (milestones_done, milestones_total) = progress::milestones_done(&milestones);
    let goals = site
        .plan
        .iter()
        .flat_map(|p| &p.goals)
        .map(|g| GoalBrief {
            id: &g.id,
            title: &g.title,
            indicators: g
                .indicators
                .iter()
                .filter_map(|id| site.indicator(id))
                .map(|ind| IndicatorBrief {
                    id: &ind.id,
                    title: &ind.title,
                    unit: ind.unit.id(),
                    target: ind.target,
                    progress: progress::progress(ind),
                })
                .collect(),
        })
        .collect();
    Overview {
        status: progress::status_counts(&all),
        milestones_done,
        milestones_total,
        budget_total: progress::budget_total(site.initiatives.iter().flat_map(|i| &i.budget)),
        goals,
    }
}

#[derive(Serialize)]
pub struct StatusGroup {
    status: &'static str,
    initiatives: Vec<Value>,
}

/// Initiatives grouped by status, in the order planned, ongoing, completed, paused, cancelled;
/// empty groups left out.
pub fn initiative_groups(site: &Site, shared: &Shared) -> Vec<StatusGroup> {
    Status::ALL
        .iter()
        .map(|st| StatusGroup {
            status: st.id(),
            initiatives: site
                .initiatives
                .iter()
                .enumerate()
                .filter(|(_, i)| i.status == *st)
                .map(|(n, _)| shared.initiative_cards[n].clone())
                .collect(),
        })
        .filter(|g| !g.initiatives.is_empty())
        .collect()
}

#[derive(Serialize)]
pub struct MilestoneView<'a> {
    date: String,
    title: &'a str,
    done: bool,
}

#[derive(Serialize)]
pub struct InitiativeView<'a> {
    id: &'a str,
    title: &'a str,
    status: &'static str,
    owner: Option<&'a str>,
    period_start: Option<String>,
    period_end: Option<String>,
    summary: &'a str,
    description_html: &'a str,
    goals: Vec<GoalLink<'a>>,
    budget: &'a [BudgetRow],
    budget_total: i64,
    budget_by_year: Vec<(i32, i64)>,
    budget_chart: Option<Chart>,
    milestones: Vec<MilestoneView<'a>>,
    milestones_done: usize,
    indicators: Vec<IndicatorView<'a>>,
    /// Shown only in `serve` (a build leaves drafts out).
    draft: bool,
    attachments: &'a [crate::attachments::Attachment],
}

#[derive(Serialize)]
pub struct GoalLink<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
}

fn goal_links<'a>(site: &'a Site, ids: &'a [String]) -> Vec<GoalLink<'a>> {
    let Some(plan) = site.plan.as_ref() else {
        return Vec::new();
    };
    ids.iter()
        .filter_map(|id| plan.goals.iter().find(|g| &g.id == id))
        .map(|g| GoalLink {
            id: &g.id,
            title: &g.title,
            url: format!("{}plan/#mal-{}", site.config.base_path(), g.id),
        })
        .collect()
}

pub fn initiative<'a>(site: &'a Site, init: &'a Initiative) -> InitiativeView<'a> {
    let lang = site.config.language;
    let by_year = progress::budget_by_year(&init.budget);
    let mut milestones: Vec<MilestoneView> = init
        .milestones
        .iter()
        .map(|m| MilestoneView {
            date: m.date.to_string(),
            title: &m.title,
            done: m.done,
        })
        .collect();
    milestones.sort_by(|a, b| a.date.cmp(&b.date));
    InitiativeView {
        id: &init.id,
        title: &init.title,
        status: init.status.id(),
        draft: init.draft,
        attachments: &init.attachments,
        owner: init.owner.as_deref(),
        period_start: init.period.as_ref().map(|p| p.start.to_string()),
        period_end: init
            .period
            .as_ref()
            .and_then(|p| p.end)
            .map(|d| d.to_string()),
        summary: &init.summary,
        description_html: &init.description_html,
        goals: goal_links(site, &init.goals),
        budget: &init.budget,
        budget_total: progress::budget_total(&init.budget),
        budget_chart: (!by_year.is_empty()).then(|| charts::budget_chart(&by_year, lang)),
        budget_by_year: by_year,
        milestones_done: progress::milestones_done(&init.milestones).0,
        milestones,
        indicators: init
            .indicators
            .iter()
            .map(|i| indicator_view(site, i))
            .collect(),
    }
}

#[derive(Serialize)]
pub struct GoalView<'a> {
    id: &'a str,
    title: &'a str,
    indicators: Vec<IndicatorView<'a>>,
    initiatives: Vec<Value>,
}

#[derive(Serialize)]
pub struct PlanView<'a> {
    title: &'a str,
    period: &'a YearRange,
    decided: Option<&'a Decision>,
    summary_html: &'a str,
    goals: Vec<GoalView<'a>>,
    budget_total: i64,
    budget_by_year: Vec<(i32, i64)>,
    budget_by_source: Vec<(String, i64)>,
    budget_by_subject: Vec<(String, i64)>,
    budget_chart: Option<Chart>,
    data: DataLinks,
}

#[derive(Serialize)]
pub struct DataLinks {
    json: String,
    schema: String,
    initiatives_csv: String,
    indicators_csv: String,
}

pub fn data_links(site: &Site) -> DataLinks {
    let b = site.config.base_path();
    DataLinks {
        json: format!("{b}data/plan.json"),
        schema: format!("{b}data/plan.schema.json"),
        initiatives_csv: format!("{b}data/initiatives.csv"),
        indicators_csv: format!("{b}data/indicators.csv"),
    }
}

pub fn plan<'a>(site: &'a Site, shared: &Shared) -> Option<PlanView<'a>> {
    let plan = site.plan.as_ref()?;
    let lang = site.config.language;
    let rows = || site.initiatives.iter().flat_map(|i| &i.budget);
    let by_year = progress::budget_by_year(rows());
    let all: Vec<&Initiative> = site.initiatives.iter().map(|i| &**i).collect();
    let subject_name = |id: &str| {
        site.config
            .subjects
            .iter()
            .find(|s| s.id == id)
            .map_or(id.to_string(), |s| s.name.clone())
    };
    let goals = plan
        .goals
        .iter()
        .map(|g| GoalView {
            id: &g.id,
            title: &g.title,
            indicators: g
                .indicators
                .iter()
                .filter_map(|id| site.indicator(id))
                .map(|ind| {
                    let mut v = indicator_view(site, ind);
                    v.home_url = site
                        .initiatives
                        .iter()
                        .find(|i| i.indicators.iter().any(|x| x.id == ind.id))
                        .map(|i| shared.url(&urls::initiative(&i.id)));
                    v
                })
                .collect(),
            initiatives: site
                .initiatives
                .iter()
                .enumerate()
                .filter(|(_, i)| i.goals.contains(&g.id))
                .map(|(n, _)| shared.initiative_cards[n].clone())
                .collect(),
        })
        .collect();
    Some(PlanView {
        title: &plan.title,
        period: &plan.period,
        decided: plan.decided.as_ref(),
        summary_html: &plan.summary_html,
        goals,
        budget_total: progress::budget_total(rows()),
        budget_chart: (!by_year.is_empty()).then(|| charts::budget_chart(&by_year, lang)),
        budget_by_year: by_year,
        budget_by_source: progress::budget_by_source(rows()),
        budget_by_subject: progress::budget_by_subject(&all)
            .into_iter()
            .map(|(id, amount)| (subject_name(&id), amount))
            .collect(),
        data: data_links(site),
    })
}

#[derive(Serialize)]
pub struct SubjectGroup<'a> {
    id: &'a str,
    name: &'a str,
    url: String,
    status: StatusCounts,
    initiatives: Vec<Value>,
}

/// The initiatives of one subject, by status ("2 av 3 insatser pågår").
pub fn subject_status(site: &Site, subject: &str) -> StatusCounts {
    let of_subject: Vec<&Initiative> = site
        .initiatives
        .iter()
        .filter(|i| i.subjects.iter().any(|s| s == subject))
        .map(|i| &**i)
        .collect();
    progress::status_counts(&of_subject)
}

/// Initiatives grouped by subject, in the site's subject order; subjects without any left out.
pub fn subject_groups<'a>(site: &'a Site, shared: &Shared) -> Vec<SubjectGroup<'a>> {
    site.config
        .subjects
        .iter()
        .map(|s| SubjectGroup {
            id: &s.id,
            name: &s.name,
            url: shared.url(&urls::subject(&s.id)),
            status: subject_status(site, &s.id),
            initiatives: site
                .initiatives
                .iter()
                .enumerate()
                .filter(|(_, i)| i.subjects.contains(&s.id))
                .map(|(n, _)| shared.initiative_cards[n].clone())
                .collect(),
        })
        .filter(|g| !g.initiatives.is_empty())
        .collect()
}
