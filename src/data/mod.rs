//! Indicator values from their sources: `framsteg data kolada` fetches them from Kolada's open
//! API ([`kolada`]), `framsteg data import` reads them from the analysts' spreadsheets, CSV or
//! XLSX ([`import`]). Both write a data file framsteg owns under `content/plan/data/`
//! ([`store`]); a build only reads those files and merges them with the hand-typed values
//! ([`merge`], [`apply`]) and never touches the network.

pub mod apply;
pub mod http;
pub mod import;
pub mod kolada;
pub mod merge;
pub mod report;
pub mod sheet;
pub mod store;

use std::path::Path;

use thiserror::Error;

use crate::diag::Diagnostic;
use crate::model::Indicator;

/// Why a data command did not finish. Nothing was written.
#[derive(Debug, Error)]
pub enum DataError {
    /// Mistakes in the content or in the file read, each with its place.
    #[error("{} fel", .0.len())]
    Content(Vec<Diagnostic>),
    #[error(transparent)]
    Fetch(#[from] http::FetchError),
    #[error("oväntat svar från {url}: {}", .problem.message(crate::model::Lang::Sv))]
    Response { url: String, problem: BadResponse },
    /// Cells of a spreadsheet that could not be read, each named by file, sheet and cell.
    #[error("{}", .0.join("\n"))]
    Sheet(Vec<String>),
    #[error("{0}")]
    Io(String),
}

/// What was wrong with an answer from Kolada.
#[derive(Debug)]
pub enum BadResponse {
    TooManyPages(usize),
    NotJson(String),
}

impl BadResponse {
    fn message(&self, lang: crate::model::Lang) -> String {
        use crate::model::Lang;
        match (self, lang) {
            (BadResponse::TooManyPages(n), Lang::Sv) => format!("fler än {n} sidor"),
            (BadResponse::TooManyPages(n), Lang::En) => format!("more than {n} pages"),
            (BadResponse::NotJson(e), Lang::Sv) => format!("svaret är inte Koladas JSON: {e}"),
            (BadResponse::NotJson(e), Lang::En) => format!("the answer is not Kolada's JSON: {e}"),
        }
    }
}

impl DataError {
    pub fn content(d: Diagnostic) -> Self {
        DataError::Content(vec![d])
    }

    /// The message in the site's language (`Display` is Swedish). Content mistakes are
    /// printed as diagnostics instead.
    pub fn message(&self, lang: crate::model::Lang) -> String {
        match self {
            DataError::Fetch(e) => e.message(lang),
            DataError::Response { url, problem } => match lang {
                crate::model::Lang::Sv => self.to_string(),
                crate::model::Lang::En => {
                    format!("unexpected answer from {url}: {}", problem.message(lang))
                }
            },
            other => other.to_string(),
        }
    }
}

/// The plan's first year and every indicator of the plan and the initiatives, as written in
/// their files; mistakes in those files stop the command.
pub fn site_indicators(root: &Path) -> Result<(Option<i32>, Vec<Indicator>), DataError> {
    let config = crate::pipeline::config(root).map_err(|f| DataError::Content(f.diags))?;
    let content = crate::pipeline::load_content(root, &config);
    let diags: Vec<Diagnostic> = content
        .diagnostics()
        .into_iter()
        .filter(|d| d.file.starts_with("content/plan") && !d.file.starts_with("content/plan/data"))
        .collect();
    if !diags.is_empty() {
        return Err(DataError::Content(diags));
    }
    let loaded = content.assemble(false);
    let plan_start = loaded.plan.as_ref().map(|p| p.period.start);
    let indicators = loaded
        .plan
        .iter()
        .flat_map(|p| p.indicators.iter())
        .chain(loaded.initiatives.iter().flat_map(|i| i.indicators.iter()))
        .cloned()
        .collect();
    Ok((plan_start, indicators))
}
