//! The `framsteg` command line: build, check, serve, new and init, each on the current folder
//! unless `--root` names another. Exit code 1 when the site has mistakes.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use framsteg::diag;
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

/// framsteg bygger en webbplats som visar hur en plan går, från texter (Markdown) och
/// uppgifter (YAML) i mappen content/.
///
/// framsteg builds a progress portal from Markdown articles and YAML data in content/.
#[derive(Parser)]
#[command(name = "framsteg", version, about, long_about)]
struct Cli {
    /// Webbplatsens mapp (där content/ finns). Standard: den mapp du står i.
    #[arg(long, global = true, value_name = "MAPP", default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Bygg hela webbplatsen till output/ (utkast och framtida datum tas inte med).
    Build {
        /// Skriv till en annan mapp än output/.
        #[arg(long, value_name = "MAPP")]
        output: Option<PathBuf>,
        #[command(flatten)]
        publish: Publish,
    },
    /// Kontrollera allt innehåll utan att skriva något. Gör det före publicering.
    Check {
        #[command(flatten)]
        publish: Publish,
    },
    /// Förhandsgranska webbplatsen i webbläsaren medan du skriver. Sidan laddas om när du
    /// sparar, utkast visas och fel visas direkt på sidan. Inget skrivs till output/.
    Serve {
        /// Porten att ta emot anslutningar på.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Adressen att ta emot anslutningar på. Bara den här datorn som standard.
        #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Öppna sidan i webbläsaren.
        #[arg(long)]
        open: bool,
        /// Titta efter ändringar med jämna mellanrum, för filsystem som inte meddelar ändringar
        /// (nätverksdiskar, vissa containrar).
        #[arg(long)]
        poll: bool,
    },
    /// Skapa en ny fil att fylla i: en artikel, en berättelse eller en insats.
    New {
        /// Vad som ska skapas.
        kind: Kind,
        /// Rubriken, inom citattecken: "Läslust på Ängåsskolan".
        title: String,
    },
    /// Skapa en ny webbplats i MAPP, med innehåll som går att bygga och ett litet eget tema.
    Init {
        /// Mappen som ska skapas.
        dir: PathBuf,
    },
}

/// What `build` and `check` publish.
#[derive(clap::Args)]
struct Publish {
    /// Ta med utkast (`draft: true`), till exempel för en förhandsversion.
    #[arg(long)]
    drafts: bool,
    /// Ta med artiklar och berättelser med datum efter i dag (schemalagda). Dagen är
    /// miljövariabeln FRAMSTEG_TODAY (ÅÅÅÅ-MM-DD) om den finns, annars datorns datum.
    #[arg(long)]
    future: bool,
    /// Använd den här adressen i stället för base_url i site.yaml (för förhandsversioner).
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

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    /// En artikel i content/articles/.
    Article,
    /// En kort berättelse i content/stories/.
    Story,
    /// En insats i content/plan/initiatives/.
    Initiative,
}

fn report(root: &std::path::Path, f: &Failure) -> ExitCode {
    let color = std::io::stderr().is_terminal();
    eprint!("{}", diag::render_all(&f.diags, root, f.lang, color));
    ExitCode::from(1)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root;
    match cli.command {
        Command::Build { output, publish } => {
            match pipeline::build_with(&root, &publish.options(output)) {
                Ok((built, stats)) => {
                    let t = built.timings;
                    println!(
                    "Klart: {} filer ({} nya eller ändrade, {} oförändrade) på {} ms (läsa {} ms, länka {} ms, rendera {} ms).",
                    stats.written + stats.unchanged,
                    stats.written,
                    stats.unchanged,
                    (t.load + t.link + t.render).as_millis(),
                    t.load.as_millis(),
                    t.link.as_millis(),
                    t.render.as_millis(),
                );
                    ExitCode::SUCCESS
                }
                Err(f) => report(&root, &f),
            }
        }
        Command::Check { publish } => match pipeline::run_with(&root, &publish.options(None)) {
            Ok(built) => {
                println!(
                    "Inga fel: {} artiklar, {} berättelser, {} insatser, {} sidor.",
                    built.site.articles.len(),
                    built.site.stories.len(),
                    built.site.initiatives.len(),
                    built.rendered.files.len()
                );
                ExitCode::SUCCESS
            }
            Err(f) => report(&root, &f),
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
            match serve::run(opts, open) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("fel: {e}");
                    ExitCode::from(1)
                }
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
            match scaffold::new_file(&root, kind, &title, &subject) {
                Ok(path) => {
                    println!("Skapade {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("fel: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Init { dir } => match scaffold::init(&root.join(dir)) {
            Ok(made) => {
                println!(
                    "Skapade {} filer. Bygg med: framsteg --root <mappen> build",
                    made.len()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("fel: {e}");
                ExitCode::from(1)
            }
        },
    }
}
