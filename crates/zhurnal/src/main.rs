//! `zhurnal`: the electronic journal and diary for colleges (СПО).

use std::io::BufRead;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use domain::Role;

/// Fewer lock waits than the system allocator with a thread per SQLite
/// connection, and freed memory goes back to the system.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod timetable_cli;

#[derive(Parser)]
#[command(
    name = "zhurnal",
    version,
    about = "Электронный журнал и дневник для колледжей СПО",
    long_about = "Электронный журнал и дневник для колледжей среднего профессионального образования.\n\
                  Одна программа: веб-сервер, миграции базы, демонстрационный колледж и учётные записи.\n\
                  База данных — файл SQLite (по умолчанию zhurnal.db в текущей папке) или PostgreSQL."
)]
struct Cli {
    /// Log format: human-readable text or JSON lines (for log collectors).
    #[arg(long, env = "ZHURNAL_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    log_format: LogFormat,
    /// The college's time zone as a UTC offset (+05:00 for Perm and Yekaterinburg,
    /// +03:00 for Moscow); by default this machine's.
    #[arg(long, env = "ZHURNAL_TIME_ZONE", value_parser = parse_zone, global = true)]
    time_zone: Option<chrono::FixedOffset>,
    /// Fix «today» at this date (YYYY-MM-DD) instead of the calendar's: for demos,
    /// screenshots and benchmarks. Marks, deadlines and the diary's week follow it.
    #[arg(long, env = "ZHURNAL_TODAY", value_parser = parse_today, global = true)]
    today: Option<chrono::NaiveDate>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Scale {
    /// The demo college.
    College,
    /// 60 colleges of a region, for load tests.
    Region,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Args, Clone)]
struct Database {
    /// Database: sqlite://FILE (created if missing) or postgres://USER@HOST/DB.
    #[arg(
        long,
        env = "ZHURNAL_DATABASE_URL",
        default_value = "sqlite://zhurnal.db"
    )]
    database_url: String,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (pages and the JSON API); migrates the database first.
    Serve {
        /// Address and port to listen on.
        #[arg(long, env = "ZHURNAL_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        #[command(flatten)]
        db: Database,
        /// Load the demo college into an empty database and list its logins on the login page.
        #[arg(long)]
        demo: bool,
        /// Mark cookies Secure: use when users reach Zhurnal over HTTPS (behind a proxy).
        #[arg(long, env = "ZHURNAL_SECURE_COOKIES")]
        secure_cookies: bool,
        /// SMTP server for e-mail notifications, e.g. smtp://mail.college.ru:25 or
        /// smtps://user:password@mail.college.ru:465. Without it, notifications stay in the app.
        #[arg(long, env = "ZHURNAL_SMTP_URL")]
        smtp_url: Option<String>,
        /// Sender of e-mail notifications.
        #[arg(long, env = "ZHURNAL_MAIL_FROM", default_value = zhurnal::DEFAULT_MAIL_FROM)]
        mail_from: String,
        /// Seconds a session looked up is trusted without asking the database again;
        /// with several instances, how long another instance may lag behind a logout
        /// or a changed role. 0: ask on every request.
        #[arg(long, env = "ZHURNAL_SESSION_CACHE_SECONDS", default_value_t = 5)]
        session_cache_seconds: u64,
        /// Addresses of the reverse proxies in front of Zhurnal, comma-separated: only
        /// their X-Forwarded-For is believed when counting failed logins per address.
        #[arg(long, env = "ZHURNAL_TRUSTED_PROXIES", value_delimiter = ',')]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// The address users open Zhurnal at, e.g. https://journal.college.ru: links in
        /// e-mails and calendar feeds use it. Without it, feeds use the browser's address
        /// and e-mails carry no link.
        #[arg(long, env = "ZHURNAL_PUBLIC_URL")]
        public_url: Option<String>,
    },
    /// Create or update the database schema, then exit.
    Migrate {
        #[command(flatten)]
        db: Database,
    },
    /// Load the demo college (a mining and chemical technical college) into an empty database.
    Demo {
        #[command(flatten)]
        db: Database,
        /// Seed of the generator: the same seed gives the same college.
        #[arg(long, default_value_t = service::demo::DEFAULT_SEED)]
        seed: u64,
        /// What to load: one demo college, or a region of 60 colleges for load tests
        /// (about 60,000 students and 20 million marks; takes minutes).
        #[arg(long, value_enum, default_value_t = Scale::College)]
        scale: Scale,
        /// Region only: record marks and absences up to this day (YYYY-MM-DD);
        /// by default the whole school year 2026/2027.
        #[arg(long)]
        recorded_until: Option<chrono::NaiveDate>,
        /// Region only: how many colleges.
        #[arg(long, default_value_t = 60)]
        colleges: usize,
    },
    /// Regions (a ministry) that colleges belong to.
    #[command(subcommand)]
    Region(RegionCommand),
    /// Colleges: create the college of a real installation.
    #[command(subcommand)]
    College(CollegeCommand),
    /// Accounts: the first administrator of a real college, passwords, roles.
    #[command(subcommand)]
    User(UserCommand),
    /// Timetabling on ITC-2007 course timetabling instances: solve, check, bench.
    #[command(subcommand)]
    Timetable(timetable_cli::TimetableCommand),
    /// Archives of a school year: check a stored archive against its manifest.
    #[command(subcommand)]
    Archive(ArchiveCommand),
    /// A consistent copy of a SQLite database while the server runs (lesson files
    /// and archives are inside it). PostgreSQL: use pg_dump (see README).
    Backup {
        #[command(flatten)]
        db: Database,
        /// The copy to make; must not exist yet.
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Put a checked copy in place of a SQLite database that does not exist yet.
    Restore {
        #[command(flatten)]
        db: Database,
        /// The copy made by `zhurnal backup`.
        #[arg(long)]
        from: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum ArchiveCommand {
    /// Check that every file of an archive is there with the SHA-256 its manifest lists.
    Verify {
        /// The archive (.zip) downloaded from «Закрытие года и архив».
        file: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum RegionCommand {
    /// Create a region; prints its id.
    Add {
        #[command(flatten)]
        db: Database,
        /// Full name, e.g. «Министерство образования Пермского края».
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand)]
enum CollegeCommand {
    /// Create a college; prints its id.
    Add {
        #[command(flatten)]
        db: Database,
        /// Full name, e.g. «ГБПОУ «Соликамский горно-химический техникум»».
        #[arg(long)]
        name: String,
        /// Short name, e.g. «СГХТ».
        #[arg(long)]
        short_name: String,
        /// The region (id from `zhurnal region add`), if any.
        #[arg(long)]
        region: Option<i64>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a person with an account. The password is read from
    /// ZHURNAL_PASSWORD or from the first line of standard input.
    Add {
        #[command(flatten)]
        db: Database,
        /// The organization (college or region id) the person belongs to.
        #[arg(long)]
        college: i64,
        #[arg(long)]
        login: String,
        #[arg(long)]
        surname: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        patronymic: String,
    },
    /// Set a new password (from ZHURNAL_PASSWORD or standard input) and end the user's sessions.
    Passwd {
        #[command(flatten)]
        db: Database,
        #[arg(long)]
        login: String,
    },
    /// Give a role in a college (or `region_admin` in a region).
    Grant {
        #[command(flatten)]
        db: Database,
        #[arg(long)]
        login: String,
        /// director, deputy, admin, dispatcher, officer, teacher, curator, extra_teacher,
        /// part_time_head, region_admin.
        #[arg(long)]
        role: String,
        /// College (or region) id.
        #[arg(long)]
        college: i64,
        /// For a curator: the group id.
        #[arg(long)]
        group: Option<i64>,
    },
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("ZHURNAL_PASSWORD") {
        return Ok(p);
    }
    eprintln!("Введите пароль (строка из стандартного ввода):");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        bail!("пароль не задан: передайте его в ZHURNAL_PASSWORD или в стандартный ввод");
    }
    Ok(password)
}

fn parse_zone(raw: &str) -> Result<chrono::FixedOffset, String> {
    service::clock::parse_zone(raw)
        .ok_or_else(|| format!("«{raw}»: укажите смещение от UTC, например +05:00"))
}

fn parse_today(raw: &str) -> Result<chrono::NaiveDate, String> {
    service::clock::parse_today(raw)
        .ok_or_else(|| format!("«{raw}»: укажите дату в виде ГГГГ-ММ-ДД, например 2026-12-09"))
}

/// The app's clock from `--time-zone` and `--today`.
fn clock(cli: &Cli) -> service::Clock {
    let clock = match cli.time_zone {
        Some(zone) => service::Clock::system(zone),
        None => service::Clock::local(),
    };
    if let Some(day) = cli.today {
        clock.set_today(day);
    }
    clock
}

async fn app(db: &Database, clock: &service::Clock) -> anyhow::Result<service::App> {
    Ok(service::App::new(
        zhurnal::open_database(&db.database_url).await?,
        clock.clone(),
    ))
}

/// Loads the region, with a progress line on stderr.
async fn load_region(
    url: &str,
    seed: u64,
    recorded_until: Option<chrono::NaiveDate>,
    colleges: usize,
) -> anyhow::Result<()> {
    use std::io::Write;
    let mut size = service::demo::region::Size::region();
    size.colleges = colleges.max(1);
    if let Some(day) = recorded_until {
        size.recorded_until = day;
    }
    let mut last = std::time::Duration::ZERO;
    let counts = service::demo::region::load(url, seed, size, |p| {
        let secs = p.elapsed.as_secs_f64();
        let rate = if secs > 0.0 {
            p.rows as f64 / secs
        } else {
            0.0
        };
        let mut err = std::io::stderr();
        let _ = write!(
            err,
            "\rколледжей {}/{}, строк {}, отметок {}, {:.0} с, {:.0} строк/с   ",
            p.colleges_done, p.colleges, p.rows, p.marks, secs, rate
        );
        let _ = err.flush();
        last = p.elapsed;
    })
    .await
    .map_err(explain)?;
    eprintln!();
    println!(
        "Загружен регион за {:.0} с: {} колледжей, {} групп, {} обучающихся, {} родителей, \
         {} сотрудников (из них {} преподавателей), {} занятий, {} записей журнала, {} отметок, {} пропусков.",
        last.as_secs_f64(),
        counts.colleges,
        counts.groups,
        counts.students,
        counts.parents,
        counts.staff,
        counts.teachers,
        counts.lessons,
        counts.entries,
        counts.marks,
        counts.absences
    );
    println!(
        "Пароль у всех: {}. Учётные записи: region; {}, {}, {}, {}, {} (c01…c{:02}).",
        service::demo::DEMO_PASSWORD,
        service::demo::region::login(0, "director", 0),
        service::demo::region::login(0, "deputy", 0),
        service::demo::region::login(0, "teacher", 1),
        service::demo::region::login(0, "student", 1),
        service::demo::region::login(0, "parent", 1),
        counts.colleges
    );
    Ok(())
}

/// A service error as a message for the terminal.
fn explain(e: service::Error) -> anyhow::Error {
    match &e {
        service::Error::Invalid(fields) => anyhow::anyhow!(
            "{}",
            fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        service::Error::Db(_) | service::Error::Internal(_) => anyhow::anyhow!("{e}"),
        _ => anyhow::anyhow!("{}", e.user_message()),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_logging(cli.log_format);
    let clock = clock(&cli);
    match cli.command {
        Command::Serve {
            listen,
            db,
            demo,
            secure_cookies,
            smtp_url,
            mail_from,
            session_cache_seconds,
            trusted_proxies,
            public_url,
        } => {
            let server = zhurnal::start_with(
                zhurnal::ServeConfig {
                    listen,
                    database_url: db.database_url.clone(),
                    demo,
                    secure_cookies,
                    smtp_url,
                    mail_from,
                    session_cache: std::time::Duration::from_secs(session_cache_seconds),
                    clock: clock.clone(),
                    trusted_proxies,
                    public_url,
                },
                zhurnal::shutdown_signal(),
            )
            .await?;
            println!("Журнал работает: http://{}", server.addr);
            println!("База данных: {}", zhurnal::redact(&db.database_url));
            if clock.is_fixed() {
                println!(
                    "Сегодня для журнала: {} (задано ZHURNAL_TODAY)",
                    clock.today().format("%d.%m.%Y")
                );
            }
            if demo {
                println!(
                    "Демонстрационный техникум, пароль у всех: {}",
                    service::demo::DEMO_PASSWORD
                );
                for (login, who) in &server.demo_logins {
                    println!("  {login:<11} {who}");
                }
            }
            server.wait().await?;
        }
        Command::Migrate { db } => {
            zhurnal::open_database(&db.database_url).await?;
            println!("Схема базы данных обновлена.");
        }
        Command::Demo {
            db,
            seed,
            scale: Scale::Region,
            recorded_until,
            colleges,
        } => {
            let app = app(&db, &clock).await?;
            if !service::demo::is_empty(&app).await.map_err(explain)? {
                bail!("в базе уже есть организации; регион загружается только в пустую базу");
            }
            app.db.close().await?;
            load_region(&db.database_url, seed, recorded_until, colleges).await?;
        }
        Command::Demo { db, seed, .. } => {
            let app = app(&db, &clock).await?;
            if !service::demo::is_empty(&app).await.map_err(explain)? {
                bail!("в базе уже есть организации; демонстрационный техникум загружается только в пустую базу");
            }
            let s = service::demo::load(&app, seed).await.map_err(explain)?;
            println!(
                "Загружен {}: {} групп, {} обучающихся, {} родителей, {} преподавателей.",
                s.college_name, s.groups, s.students, s.parents, s.teachers
            );
            println!(
                "Отметки, посещаемость и темы занятий — по {}.",
                s.recorded_until.format("%d.%m.%Y")
            );
            for l in s.logins {
                println!("  {:<11} {}", l.login, l.who);
            }
        }
        Command::Region(RegionCommand::Add { db, name }) => {
            let id = service::users::add_region(&app(&db, &clock).await?, &name)
                .await
                .map_err(explain)?;
            println!("{id}");
        }
        Command::College(CollegeCommand::Add {
            db,
            name,
            short_name,
            region,
        }) => {
            let id =
                service::users::add_college(&app(&db, &clock).await?, &name, &short_name, region)
                    .await
                    .map_err(explain)?;
            println!("{id}");
        }
        Command::User(UserCommand::Add {
            db,
            college,
            login,
            surname,
            name,
            patronymic,
        }) => {
            let password = read_password()?;
            service::users::add_user(
                &app(&db, &clock).await?,
                service::users::NewUser {
                    org_id: college,
                    login: login.clone(),
                    surname,
                    name,
                    patronymic,
                    password,
                },
            )
            .await
            .map_err(explain)?;
            println!("Учётная запись {login} создана.");
        }
        Command::User(UserCommand::Passwd { db, login }) => {
            let password = read_password()?;
            let ended = service::users::set_password(&app(&db, &clock).await?, &login, password)
                .await
                .map_err(explain)?;
            println!("Пароль изменён; завершено сеансов: {ended}.");
        }
        Command::User(UserCommand::Grant {
            db,
            login,
            role,
            college,
            group,
        }) => {
            let role = Role::from_code(&role).with_context(|| format!("нет такой роли: {role}"))?;
            service::users::grant(&app(&db, &clock).await?, &login, role, college, group)
                .await
                .map_err(explain)?;
            println!("Роль «{}» назначена.", role.title());
        }
        Command::Timetable(command) => timetable_cli::run(command)?,
        Command::Backup { db, to } => {
            zhurnal::backup::backup(&db.database_url, &to).await?;
            println!("Копия сделана и проверена: {}", to.display());
        }
        Command::Restore { db, from } => {
            zhurnal::backup::restore(&from, &db.database_url).await?;
            println!(
                "База данных восстановлена из {}: {}",
                from.display(),
                zhurnal::redact(&db.database_url)
            );
        }
        Command::Archive(ArchiveCommand::Verify { file }) => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("не читается {}", file.display()))?;
            let report = service::archive::verify(&bytes).map_err(anyhow::Error::msg)?;
            println!(
                "{}, {} учебный год: файлов {}",
                report.college, report.school_year, report.files
            );
            if !report.problems.is_empty() {
                for p in &report.problems {
                    println!("  {p}");
                }
                bail!("архив повреждён: {} нарушений", report.problems.len());
            }
            println!("Архив цел: все контрольные суммы совпадают.");
        }
    }
    Ok(())
}
