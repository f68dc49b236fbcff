//! The link stage's use of the data files: merges `kolada.yaml` and `import.yaml` into the
//! indicators of the plan and the initiatives, and turns what [`merge`] finds (disagreements,
//! values of another series, stale indicators, unknown ids) into warnings with file and line.
//! Warnings never stop a build.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::merge::{self, Place};
use super::store::{Fetched, Imported, Stored, IMPORT_FILE};
use crate::diag::{suggest, Diagnostic, IdKind, Problem};
use crate::load::{Pos, Text};
use crate::model::{Indicator, Initiative, Plan, SiteConfig};

/// Reads source files again, once each, to place warnings.
struct Placer<'a> {
    root: &'a Path,
    texts: HashMap<PathBuf, String>,
}

impl Placer<'_> {
    fn pos(&mut self, file: &Path, line: usize, key: &str, value: &str) -> Pos {
        let root = self.root;
        let text = self
            .texts
            .entry(file.to_path_buf())
            .or_insert_with(|| crate::load::read_text(root, file).unwrap_or_default());
        let from = Pos {
            line: line.max(1),
            column: 1,
        };
        Text::new(text, 0).value(from, key, value)
    }

    fn warning(
        &mut self,
        file: &Path,
        ind: &Indicator,
        problem: Problem,
        place: Place,
    ) -> Diagnostic {
        let p = match place {
            Place::HandValue(year) => self.pos(file, ind.line, "values", &year.to_string()),
            Place::Indicator => self.pos(file, ind.line, "id", &ind.id),
            Place::ImportFile(line) => {
                return Diagnostic::new(IMPORT_FILE, line, 1, problem);
            }
        };
        Diagnostic::new(file, p.line, p.column, problem)
    }
}

/// Merges the data files into the indicators (copying a plan or an initiative only when one
/// of its indicators changes) and returns every warning, sorted.
pub fn apply(
    root: &Path,
    config: &SiteConfig,
    plan: &mut Option<Arc<Plan>>,
    initiatives: &mut [Arc<Initiative>],
    fetched: Option<&Stored<Fetched>>,
    imported: Option<&Stored<Imported>>,
) -> Vec<Diagnostic> {
    // FRAMSTEG_TODAY when set (tests, previews), else today; a bad value is reported by load.
    let this_year = crate::load::today()
        .unwrap_or_else(|_| jiff::Zoned::now().date())
        .year();
    let mut placer = Placer {
        root,
        texts: HashMap::new(),
    };
    let mut warnings = Vec::new();
    let touches = |ind: &Indicator| {
        ind.updated.is_some()
            || fetched.is_some_and(|f| f.contains_key(&ind.id))
            || imported.is_some_and(|i| i.contains_key(&ind.id))
    };
    let mut one = |file: &Path, ind: &mut Indicator, warnings: &mut Vec<Diagnostic>| {
        let found = merge::merge(
            ind,
            fetched.and_then(|f| f.get(&ind.id)),
            imported.and_then(|i| i.get(&ind.id)),
        );
        for (problem, place) in found {
            warnings.push(placer.warning(file, ind, problem, place));
        }
    };
    let mut known: Vec<&str> = Vec::new();
    if let Some(plan) = plan.as_mut() {
        if plan.indicators.iter().any(touches) {
            let p = Arc::make_mut(plan);
            let file = p.origin.file.clone();
            for ind in p.indicators.iter_mut().filter(|i| touches(i)) {
                one(&file, ind, &mut warnings);
            }
        }
    }
    for init in initiatives.iter_mut() {
        if init.indicators.iter().any(touches) {
            let i = Arc::make_mut(init);
            let file = i.origin.file.clone();
            for ind in i.indicators.iter_mut().filter(|i| touches(i)) {
                one(&file, ind, &mut warnings);
            }
        }
    }
    let all = plan
        .iter()
        .map(|p| (&p.origin.file, &p.indicators))
        .chain(initiatives.iter().map(|i| (&i.origin.file, &i.indicators)));
    for (file, indicators) in all {
        for ind in indicators.iter() {
            known.push(&ind.id);
            if let Some(problem) = merge::stale(ind, this_year, config.stale_after_years) {
                let newest = match &problem {
                    Problem::StaleValues { newest, .. } => *newest,
                    _ => 0,
                };
                let place = match ind.provenance.from.get(&newest) {
                    None | Some(crate::model::ValueFrom::Hand) => Place::HandValue(newest),
                    Some(_) => Place::Indicator,
                };
                warnings.push(placer.warning(file, ind, problem, place));
            }
        }
    }
    for (id, entry) in imported.into_iter().flatten() {
        if !known.contains(&id.as_str()) {
            let problem = Problem::UnknownId {
                kind: IdKind::Indicator,
                id: id.clone(),
            };
            warnings.push(
                Diagnostic::new(IMPORT_FILE, entry.line, 1, problem)
                    .with_suggestion(suggest(id, known.iter().copied())),
            );
        }
    }
    crate::diag::sort(&mut warnings);
    warnings
}
