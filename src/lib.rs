//! framsteg: a static site generator for public progress portals.
//!
//! Data flows one way through four stages, each its own module: [`load`] reads `content/`,
//! [`link`] resolves ids into one immutable [`link::Site`], [`render`] turns the site into
//! output files through the theme, and [`write`] swaps them into `output/`. [`pipeline`] runs
//! them for `build`, `check` and `serve`.

pub mod attachments;
pub mod charts;
pub mod claim;
pub mod cli_text;
pub mod data;
pub mod diag;
pub mod escape;
pub mod external;
pub mod format;
pub mod hints;
pub mod images;
pub mod link;
pub mod load;
pub mod markdown;
pub mod model;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod write;
