//! The `framsteg` command line: build, check, serve, new and init, each on the current folder
//! unless `--root` names another. Exit code 1 when the site has mistakes.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{ArgAction, Parser, Subcommand, ValueEnum};

use framsteg::cli_text::{self, Noun};
use framsteg::diag;
use framsteg::model::Lang;
use framsteg::pipeline::{self, Failure};
use framsteg::scaffold::{self, NewKind};
use framsteg::serve;

/// mimalloc for the `framsteg` program (the library leaves the choice to its users): on the
/// 10,000-article benchmark it cuts a build's wall time by about a tenth against glibc's
/// allocator (docs/performance.md). Built without transparent huge pages (`no_thp`): with
/// them, a fault zeroes 2 MB at a time (and may wait for the kernel to compact memory), which
/// made `serve`'s first rebuilds twice as slow and a build's peak memory 45 MB larger.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Help in both languages, since the site's language is not known before the arguments are
/// read: every heading and text is Swedish / English, none of clap's English-only frames.
const HELP: &str = "{about-with-newline}\nAnvändning / Usage: {usage}\n\n{all-args}{after-help}\n";

/// framsteg bygger en webbplats som visar hur en plan går, från texter (Markdown) och
/// uppgifter (YAML) i mappen content/.
///
/// framsteg builds a progress portal from Markdown articles and YAML data in content/.
#[derive(Parser)]
#[command(
    name = "framsteg",
    version,
    about,
    long_about,
    help_template = HELP,
    override_usage = "framsteg [VAL/OPTIONS] <KOMMANDO/COMMAND>",
    subcommand_help_heading = "Kommandon / Commands",
    subcommand_value_name = "KOMMANDO/COMMAND",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    next_help_heading = "Val / Options"
)]
struct Cli {
    /// Webbplatsens mapp (där content/site.yaml finns). Standard: mappen du står i eller
    /// närmaste mapp ovanför med content/site.yaml. / The site's folder (where
    /// content/site.yaml is). Default: the current folder or the nearest one above it with
    /// content/site.yaml.
    #[arg(long, global = true, value_name = "MAPP/DIR")]
    root: Option<PathBuf>,
    /// Visa hjälpen. / Print help.
    #[arg(short, long, global = true, action = ArgAction::Help)]
    help: Option<bool>,
    /// Visa versionen. / Print version.
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Bygg hela webbplatsen till output/ (utkast och framtida datum tas inte med). / Build the
    /// whole site into output/ (drafts and future dates left out).
    #[command(
        help_template = HELP,
        override_usage = "framsteg build [VAL/OPTIONS]",
        next_help_heading = "Val / Options"
    )]
    Build {
        /// Skriv till en annan mapp än output/: en tom mapp, en som inte finns eller en som
        /// framsteg byggt till förut. / Write to another folder than output/: an empty one,
        /// one that does not exist, or one framsteg built before.
        #[arg(long, value_name = "MAPP/DIR")]
        output: Option<PathBuf>,
        #[command(flatten)]
        publish: Publish,
    },
    /// Kontrollera allt innehåll utan att skriva något. Gör det före publicering. / Check all
    /// content without writing anything. Do it before publishing.
    #[command(
        help_template = HELP,
        override_usage = "framsteg check [VAL/OPTIONS]",
        next_help_heading = "Val / Options"
    )]
    Check {
        #[command(flatten)]
        publish: Publish,
        /// Fråga också varje länk till andra webbplatser (http/https) i texterna om den
        /// fungerar; svar sparas ett dygn i .framsteg-cache/. / Also ask every link to other
        /// sites (http/https) in the texts whether it works; answers are kept for a day in
        /// .framsteg-cache/.
        #[arg(long)]
        external: bool,
    },
    /// Förhandsgranska webbplatsen i webbläsaren medan du skriver: sidan laddas om när du
    /// sparar, utkast och fel visas. Inget skrivs till output/. / Preview the site in the
    /// browser while you write: the page reloads when you save, drafts and mistakes show.
    /// Nothing is written to output/.
    #[command(
        help_template = HELP,
        override_usage = "framsteg serve [VAL/OPTIONS]",
        next_help_heading = "Val / Options"
    )]
    Serve {
        /// Porten att ta emot anslutningar på (standard 1111). / The port to listen on
        /// (default 1111).
        #[arg(long, default_value_t = 1111, hide_default_value = true)]
        port: u16,
        /// Adressen att ta emot anslutningar på; standard 127.0.0.1, bara den här datorn. /
        /// The address to listen on; default 127.0.0.1, this computer only.
        #[arg(
            long,
            value_name = "IP",
            default_value = "127.0.0.1",
            hide_default_value = true
        )]
        bind: std::net::IpAddr,
        /// Öppna sidan i webbläsaren. / Open the page in the browser.
        #[arg(long)]
        open: bool,
        /// Titta efter ändringar med jämna mellanrum (nätverksdiskar, vissa containrar). /
        /// Look for changes at intervals (network drives, some containers).
        #[arg(long)]
        poll: bool,
    },
    /// Skapa en ny fil att fylla i: en artikel, en berättelse eller en insats. / Make a new
    /// file to fill in: an article, a story or an initiative.
    #[command(
        help_template = HELP,
        override_usage = "framsteg new <article|story|initiative> <RUBRIK/TITLE>",
        next_help_heading = "Val / Options"
    )]
    New {
        /// article (content/articles/), story (content/stories/) eller/or initiative
        /// (content/plan/initiatives/).
        #[arg(
            value_name = "article|story|initiative",
            hide_possible_values = true,
            help_heading = "Argument / Arguments"
        )]
        kind: Kind,
        /// Rubriken, inom citattecken: "Läslust på Ängåsskolan". / The title, in quotes.
        #[arg(value_name = "RUBRIK/TITLE", help_heading = "Argument / Arguments")]
        title: String,
    },
    /// Hämta indikatorernas värden från Kolada eller läs in dem från ett kalkylblad. / Fetch
    /// indicator values from Kolada or read them from a spreadsheet.
    #[command(
        help_template = HELP,
        override_usage = "framsteg data <kolada|import> [VAL/OPTIONS]",
        next_help_heading = "Val / Options"
    )]
    Data {
        #[command(subcommand)]
        what: DataCommand,
    },
    /// Skapa en ny webbplats i MAPP, med innehåll som går att bygga och ett litet eget tema. /
    /// Make a new site in DIR, with content that builds and a small theme of its own.
    #[command(
        help_template = HELP,
        override_usage = "framsteg init <MAPP/DIR>",
        next_help_heading = "Val / Options"
    )]
    Init {
        /// Mappen som ska skapas. / The folder to make.
        #[arg(value_name = "MAPP/DIR", help_heading = "Argument / Arguments")]
        dir: PathBuf,
    },
}

/// What `build` and `check` publish.
#[derive(clap::Args)]
struct Publish {
    /// Ta med utkast (`draft: true`), till exempel för en förhandsversion. / Include drafts,
    /// for example for a preview.
    #[arg(long)]
    drafts: bool,
    /// Ta med artiklar och berättelser daterade efter i dag (schemalagda); i dag är
    /// FRAMSTEG_TODAY (ÅÅÅÅ-MM-DD) om den är satt. / Include articles and stories dated after
    /// today (scheduled); today is FRAMSTEG_TODAY (YYYY-MM-DD) when set.
    #[arg(long)]
    future: bool,
    /// Använd den här adressen i stället för base_url i site.yaml (förhandsversioner). / Use
    /// this address instead of site.yaml's base_url (preview deploys).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

impl Publish {
    fn options(self, output: Option<PathBuf>) -> pipeline::BuildOptions {
        pipeline::BuildOptions {
            output,
            drafts: self.drafts,
            future: self.future,
            base_url: self.base_url,
            today: None,
        }
    }
}

#[derive(Subcommand)]
enum DataCommand {
    /// Hämta värden från Kolada för varje indikator vars `source` anger `kpi` och
    /// `municipality` (eller en skolenhet, `ou`); skriver content/plan/data/kolada.yaml. / Fetch
    /// values from Kolada for every indicator whose `source` names `kpi` and `municipality`.
    #[command(
        help_template = HELP,
        override_usage = "framsteg data kolada [VAL/OPTIONS]",
        next_help_heading = "Val / Options"
    )]
    Kolada {
        /// Kolada-API:ets adress (eller miljövariabeln FRAMSTEG_KOLADA_URL). / The Kolada API's
        /// address (or the environment variable FRAMSTEG_KOLADA_URL).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Sekunder att vänta på ett svar. / Seconds to wait for an answer.
        #[arg(long, value_name = "SEKUNDER/SECONDS", default_value_t = 30)]
        timeout: u64,
    },
    /// Läs in värden ur ett kalkylblad (CSV eller XLSX) till content/plan/data/import.yaml. /
    /// Read values from a spreadsheet (CSV or XLSX) into content/plan/data/import.yaml.
    #[command(
        help_template = HELP,
        override_usage = "framsteg data import <FIL/FILE> [VAL/OPTIONS]",
        next_help_heading = "Val / Options"
    )]
    Import {
        /// Kalkylbladet: .csv, .xlsx, .xls eller .ods. / The spreadsheet.
        #[arg(value_name = "FIL/FILE", help_heading = "Argument / Arguments")]
        file: PathBuf,
        /// Visa vad som skulle ändras, utan att spara. / Show what would change, save nothing.
        #[arg(long)]
        dry_run: bool,
        /// Läs bara det här bladet. / Read only this sheet.
        #[arg(long, value_name = "BLAD/SHEET")]
        sheet: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Article,
    Story,
    Initiative,
}

fn report(root: &Path, f: &Failure) -> ExitCode {
    let color = std::io::stderr().is_terminal();
    eprint!("{}", diag::render_all(&f.diags, root, f.lang, color));
    ExitCode::from(1)
}

/// Prints what the build warns about (stale or disagreeing indicator values) to stderr.
fn warn(root: &Path, built: &pipeline::Built) {
    warn_all(root, built, &built.site.warnings);
}

/// Prints `warnings` in the site's language, coloured on a terminal.
fn warn_all(root: &Path, built: &pipeline::Built, warnings: &[diag::Diagnostic]) {
    let color = std::io::stderr().is_terminal();
    eprint!(
        "{}",
        diag::render_warnings(warnings, root, built.config.language, color)
    );
}

/// `framsteg data …`: fetch or import indicator values, then show what the site now warns about.
fn data(root: &Path, lang: Lang, what: DataCommand) -> ExitCode {
    use framsteg::data::{self, kolada, DataError};
    let result = match what {
        DataCommand::Kolada { base_url, timeout } => {
            let opts = kolada::KoladaOptions {
                base_url: base_url
                    .or_else(|| std::env::var("FRAMSTEG_KOLADA_URL").ok())
                    .unwrap_or_else(|| kolada::DEFAULT_BASE_URL.to_string()),
                patience: data::http::Patience {
                    timeout: std::time::Duration::from_secs(timeout.max(1)),
                    ..Default::default()
                },
                today: framsteg::load::today().unwrap_or_else(|_| jiff::Zoned::now().date()),
            };
            kolada::fetch(root, &opts).and_then(|f| {
                if f.series.is_empty() {
                    return Ok(kolada::nothing_to_fetch(lang));
                }
                let path = kolada::save(root, &f)?;
                Ok(format!(
                    "{}{}\n",
                    kolada::summary(&f, lang),
                    wrote(&path, lang)
                ))
            })
        }
        DataCommand::Import {
            file,
            dry_run,
            sheet,
        } => {
            let opts = data::import::ImportOptions {
                file,
                sheet,
                today: framsteg::load::today().unwrap_or_else(|_| jiff::Zoned::now().date()),
                lang,
            };
            data::import::import(root, &opts).and_then(|i| {
                let mut text = data::import::summary(&i, dry_run, lang);
                if !dry_run {
                    let path = data::import::save(root, &i)?;
                    text.push_str(&format!("{}\n", wrote(&path, lang)));
                }
                Ok(text)
            })
        }
    };
    match result {
        Ok(text) => {
            print!("{text}");
            if let Ok(built) = pipeline::run(root, false) {
                warn(root, &built);
            }
            ExitCode::SUCCESS
        }
        Err(DataError::Content(diags)) => report(root, &Failure { lang, diags }),
        Err(e) => fail(lang, e.message(lang)),
    }
}

/// "Skrev content/plan/data/kolada.yaml." / "Wrote …".
fn wrote(path: &Path, lang: Lang) -> String {
    match lang {
        Lang::Sv => format!("Skrev {}.", shown(path)),
        Lang::En => format!("Wrote {}.", shown(path)),
    }
}

/// A mistake of the command itself (not of the content), in `lang`.
fn fail(lang: Lang, message: impl std::fmt::Display) -> ExitCode {
    eprintln!("{}: {message}", cli_text::error_word(lang));
    ExitCode::from(1)
}

/// The site to work on: `--root` when given, else the nearest folder from here up that holds
/// `content/site.yaml` (as Cargo finds Cargo.toml), so a command run from `content/articles/`
/// works on the whole site.
fn site_root(given: Option<PathBuf>) -> Result<PathBuf, String> {
    let here = std::env::current_dir().map_err(|e| e.to_string())?;
    match given {
        Some(root) if root.join("content").is_dir() => Ok(root),
        Some(root) => Err(cli_text::no_site(&here.join(root))),
        None => here
            .ancestors()
            .find(|dir| dir.join("content/site.yaml").is_file())
            .map(Path::to_path_buf)
            .ok_or_else(|| cli_text::no_site(&here)),
    }
}

/// The site's language, for the command line's own messages; Swedish when it cannot be read.
fn site_lang(root: &Path) -> Lang {
    pipeline::config(root).map_or(Lang::Sv, |c| c.language)
}

/// `path` as the user can find it: relative to the current folder when it is inside it.
fn shown(path: &Path) -> String {
    let here = std::env::current_dir().ok();
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    here.and_then(|h| abs.strip_prefix(h).ok().map(Path::to_path_buf))
        .unwrap_or(abs)
        .display()
        .to_string()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Init { dir } = &cli.command {
        let dir = cli.root.as_deref().unwrap_or(Path::new(".")).join(dir);
        return match scaffold::init(&dir) {
            Ok(made) => {
                println!(
                    "Skapade {} i {}. Bygg med: framsteg --root {} build",
                    cli_text::count(made.len(), Noun::File, Lang::Sv),
                    shown(&dir),
                    shown(&dir)
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(Lang::Sv, e.message(Lang::Sv)),
        };
    }
    let root = match site_root(cli.root) {
        Ok(root) => root,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(1);
        }
    };
    let lang = site_lang(&root);
    match cli.command {
        Command::Build { output, publish } => {
            match pipeline::build_with(&root, &publish.options(output)) {
                Ok((built, stats)) => {
                    warn(&root, &built);
                    let t = built.timings;
                    let files = stats.written + stats.unchanged;
                    let pages = files - built.rendered.files.len() - built.search_files;
                    let ms = |d: std::time::Duration| d.as_millis();
                    let made = cli_text::pages_and_files(pages, files, lang);
                    let total = ms(t.load + t.link + t.render);
                    let (load, link, render) = (ms(t.load), ms(t.link), ms(t.render));
                    let (written, same) = (stats.written, stats.unchanged);
                    match lang {
                    Lang::Sv => println!(
                        "Klart: {made} ({written} nya eller ändrade, {same} oförändrade) på {total} ms (läsa {load} ms, länka {link} ms, rendera {render} ms)."
                    ),
                    Lang::En => println!(
                        "Done: {made} ({written} new or changed, {same} unchanged) in {total} ms (load {load} ms, link {link} ms, render {render} ms)."
                    ),
                }
                    ExitCode::SUCCESS
                }
                Err(f) => report(&root, &f),
            }
        }
        Command::Check { publish, external } => match (
            pipeline::run_with(&root, &publish.options(None)),
            pipeline::output_refusal(&root),
        ) {
            (Ok(_), Some(refused)) => report(
                &root,
                &Failure {
                    lang,
                    diags: vec![refused],
                },
            ),
            (Err(mut f), Some(refused)) => {
                f.diags.push(refused);
                report(&root, &f)
            }
            (Err(f), None) => report(&root, &f),
            (Ok(built), None) => {
                // `check` also lists the media files no text names (never an error).
                let mut warnings = built.site.warnings.clone();
                warnings.extend(framsteg::link::media::unused(&built.site));
                warn_all(&root, &built, &warnings);
                let site = &built.site;
                if external {
                    let opts = framsteg::external::Options::for_site(&root);
                    let diags = framsteg::external::check(site, &opts);
                    if !diags.is_empty() {
                        return report(&root, &Failure { lang, diags });
                    }
                }
                let pages = framsteg::render::all_jobs(site).len();
                let made = cli_text::pages_and_files(pages, built.rendered.files.len(), lang);
                let what = [
                    (site.articles.len(), Noun::Article),
                    (site.stories.len(), Noun::Story),
                    (site.initiatives.len(), Noun::Initiative),
                ]
                .map(|(n, noun)| cli_text::count(n, noun, lang))
                .join(", ");
                match lang {
                    Lang::Sv => println!("Inga fel: {what}; {made}."),
                    Lang::En => println!("No errors: {what}; {made}."),
                }
                ExitCode::SUCCESS
            }
        },
        Command::Serve {
            port,
            bind,
            open,
            poll,
        } => {
            let mut opts = serve::ServeOptions::new(&root);
            opts.port = port;
            opts.bind = bind;
            opts.poll = poll;
            opts.lang = lang;
            match serve::run(opts, open) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(lang, e.message(lang)),
            }
        }
        Command::New { kind, title } => {
            let kind = match kind {
                Kind::Article => NewKind::Article,
                Kind::Story => NewKind::Story,
                Kind::Initiative => NewKind::Initiative,
            };
            let subject = pipeline::config(&root)
                .ok()
                .and_then(|c| c.subjects.first().map(|s| s.id.clone()))
                .unwrap_or_default();
            match scaffold::new_file(&root, kind, &title, &subject, lang) {
                Ok(path) => {
                    match lang {
                        Lang::Sv => println!("Skapade {}", shown(&path)),
                        Lang::En => println!("Created {}", shown(&path)),
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(lang, e.message(lang)),
            }
        }
        Command::Data { what } => data(&root, lang, what),
        Command::Init { .. } => ExitCode::SUCCESS,
    }
}
