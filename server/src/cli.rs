//! The command line: `server [serve]`, `server migrate`, `server create-user --username NAME
//! --role admin|operator [--name "Display Name"]` (password from stdin), `server faq import FILE
//! [--replace]`, `server faq export [FILE]`, `server set-bot-token` (token from stdin).

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use app::model::Role;
use bot::action_log::Actor;

use crate::config::Config;
use crate::{StartError, db};

const USAGE: &str = "usage:
  server [serve]                 migrate, then serve the admin and the webhook on LEPTOS_SITE_ADDR
  server migrate                 apply database migrations and exit
  server create-user --username NAME --role admin|operator [--name \"Display Name\"]
                                 create a staff account; the password is read from stdin
  server faq import FILE [--replace]
                                 import FAQ entries from CSV (id,question,variants,answer):
                                 known ids are updated, others added; --replace also archives
                                 entries missing from the file; a bad file imports nothing
  server faq export [FILE]       write the FAQ (all entries not archived) as CSV, to stdout
                                 without FILE
  server set-bot-token           read the bot token from stdin, check it with Telegram (getMe)
                                 and store it encrypted with the app key; TELEGRAM_BOT_TOKEN,
                                 when set, still wins
  server help                    show this text";

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Serve,
    Migrate,
    CreateUser { username: String, role: Role, name: Option<String> },
    FaqImport { file: String, replace: bool },
    FaqExport { file: Option<String> },
    SetBotToken,
    Help,
}

pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut it = args.iter().map(String::as_str);
    match it.next() {
        None | Some("serve") => match it.next() {
            None => Ok(Command::Serve),
            Some(extra) => Err(format!("unexpected argument '{extra}'")),
        },
        Some("migrate") => match it.next() {
            None => Ok(Command::Migrate),
            Some(extra) => Err(format!("unexpected argument '{extra}'")),
        },
        Some("create-user") => {
            let (mut username, mut role, mut name) = (None, None, None);
            while let Some(flag) = it.next() {
                let mut value = |f: &str| it.next().map(str::to_string).ok_or_else(|| format!("{f} needs a value"));
                match flag {
                    "--username" => username = Some(value(flag)?),
                    "--role" => {
                        role = Some(match value(flag)?.as_str() {
                            "admin" => Role::Admin,
                            "operator" => Role::Operator,
                            other => return Err(format!("--role must be admin or operator, not '{other}'")),
                        })
                    }
                    "--name" => name = Some(value(flag)?),
                    other => return Err(format!("unknown option '{other}'")),
                }
            }
            Ok(Command::CreateUser {
                username: username.ok_or("--username is required")?,
                role: role.ok_or("--role is required")?,
                name,
            })
        }
        Some("faq") => match it.next() {
            Some("import") => {
                let (mut file, mut replace) = (None, false);
                for a in it {
                    match a {
                        "--replace" => replace = true,
                        flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'")),
                        path if file.is_none() => file = Some(path.to_string()),
                        extra => return Err(format!("unexpected argument '{extra}'")),
                    }
                }
                Ok(Command::FaqImport { file: file.ok_or("faq import needs a FILE")?, replace })
            }
            Some("export") => {
                let file = it.next().map(str::to_string);
                match it.next() {
                    None => Ok(Command::FaqExport { file }),
                    Some(extra) => Err(format!("unexpected argument '{extra}'")),
                }
            }
            Some(other) => Err(format!("unknown faq command '{other}' (import or export)")),
            None => Err("faq needs a command: import or export".into()),
        },
        Some("set-bot-token") => match it.next() {
            None => Ok(Command::SetBotToken),
            Some(_) => Err("set-bot-token reads the token from stdin, not from the command line".into()),
        },
        Some("help" | "--help" | "-h") => Ok(Command::Help),
        Some(other) => Err(format!("unknown command '{other}'")),
    }
}

pub async fn run(args: Vec<String>) -> ExitCode {
    let command = match parse(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if command == Command::Help {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match command {
        Command::Serve => crate::serve(config).await,
        Command::Migrate => migrate(&config).await,
        Command::CreateUser { username, role, name } => create_user(&config, username, role, name).await,
        Command::FaqImport { file, replace } => faq_import(&config, &file, replace).await,
        Command::FaqExport { file } => faq_export(&config, file.as_deref()).await,
        Command::SetBotToken => set_bot_token(&config).await,
        Command::Help => unreachable!(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn connect(config: &Config) -> Result<sea_orm::DatabaseConnection, StartError> {
    db::connect(&config.database_url.0, config.db_kind)
        .await
        .map_err(|e| StartError::new(format!("cannot connect to the database: {}", crate::db_error(&e))))
}

async fn migrate(config: &Config) -> Result<(), StartError> {
    let db = connect(config).await?;
    db::migrate(&db).await.map_err(|e| StartError::new(format!("migrations failed: {e}")))?;
    println!("migrations applied");
    Ok(())
}

async fn create_user(config: &Config, username: String, role: Role, name: Option<String>) -> Result<(), StartError> {
    let password = read_password()?;
    let db = connect(config).await?;
    db::migrate(&db).await.map_err(|e| StartError::new(format!("migrations failed: {e}")))?;
    let display_name = name.unwrap_or_else(|| username.clone());
    let input = app::users::service::NewStaff { username, display_name, role, password: Some(password) };
    match app::users::service::create(&db, &Actor::System, types::LogAction::CliCreateUser, input, None).await {
        Ok((user, _)) => {
            println!("created {} '{}' (id {})", role.as_str(), user.username, user.id);
            Ok(())
        }
        Err(e) => Err(StartError::new(app::i18n::Lang::En.catalogue().error(&e))),
    }
}

async fn faq_import(config: &Config, file: &str, replace: bool) -> Result<(), StartError> {
    let bytes = std::fs::read(file).map_err(|e| StartError::new(format!("cannot read {file}: {e}")))?;
    let db = connect(config).await?;
    db::migrate(&db).await.map_err(|e| StartError::new(format!("migrations failed: {e}")))?;
    let by = bot::faq::By { actor: &Actor::System, ip: None };
    match bot::faq::import::apply(&db, by, &bytes, replace).await {
        Ok(plan) => {
            let faq = &app::i18n::Lang::En.catalogue().faq;
            match plan.is_empty() {
                true => println!("{} {}", faq.import_nothing, (faq.import_summary)(&plan)),
                false => println!("{}", (faq.import_summary)(&plan)),
            }
            for line in faq.import_lines(&plan) {
                println!("  {line}");
            }
            Ok(())
        }
        Err(e) => {
            let why = match app::faq::server::refusal(e) {
                Ok(refusal) => app::i18n::Lang::En.catalogue().faq.refusal(&refusal),
                Err(_) => "the database failed".to_string(),
            };
            Err(StartError::new(format!("{file}: {why}; nothing was imported")))
        }
    }
}

async fn faq_export(config: &Config, file: Option<&str>) -> Result<(), StartError> {
    let db = connect(config).await?;
    db::migrate(&db).await.map_err(|e| StartError::new(format!("migrations failed: {e}")))?;
    let csv = bot::faq::import::export(&db).await.map_err(|e| StartError::new(format!("cannot read the FAQ: {e}")))?;
    match file {
        Some(path) => {
            std::fs::write(path, csv.as_bytes()).map_err(|e| StartError::new(format!("cannot write {path}: {e}")))?;
            eprintln!("wrote {path}");
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(csv.as_bytes())
                .and_then(|_| out.flush())
                .map_err(|e| StartError::new(format!("cannot write to stdout: {e}")))?;
        }
    }
    Ok(())
}

/// `server set-bot-token`: the token from stdin, checked with getMe, stored encrypted. Neither the
/// token nor an error text holding it is ever printed.
async fn set_bot_token(config: &Config) -> Result<(), StartError> {
    let token = read_secret("bot token")?.trim().to_string();
    let key = config.app_key().map_err(|e| StartError::new(format!("cannot read or create the app key: {e}")))?;
    let identity = bot::connection::check(&token, &config.telegram_api_url)
        .await
        .map_err(|e| StartError::new(format!("{e}; nothing was stored")))?;
    let db = connect(config).await?;
    db::migrate(&db).await.map_err(|e| StartError::new(format!("migrations failed: {e}")))?;
    bot::connection::store(&db, &key, &token, &identity, &Actor::System, None)
        .await
        .map_err(|e| StartError::new(format!("cannot store the token: {}", crate::db_error(&e))))?;
    println!("stored the token of @{} (id {}), encrypted with the app key", identity.username, identity.id);
    if config.telegram_bot_token.is_some() {
        println!("note: TELEGRAM_BOT_TOKEN is set and wins over the stored token");
    }
    Ok(())
}

/// One line from stdin; on a terminal, prompted and not echoed.
fn read_password() -> Result<String, StartError> {
    read_secret("password")
}

/// One line from stdin; on a terminal, prompted with `what` and not echoed.
fn read_secret(what: &str) -> Result<String, StartError> {
    let stdin = std::io::stdin();
    let tty = stdin.is_terminal();
    if tty {
        eprint!("{what}: ");
        let _ = std::io::stderr().flush();
        let _ = std::process::Command::new("stty").arg("-echo").status();
    }
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    if tty {
        let _ = std::process::Command::new("stty").arg("echo").status();
        eprintln!();
    }
    read.map_err(|e| StartError::new(format!("cannot read the {what} from stdin: {e}")))?;
    let secret = line.trim_end_matches(['\r', '\n']).to_string();
    if secret.is_empty() {
        return Err(StartError::new(format!("no {what} given on stdin")));
    }
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn commands_parse() {
        assert_eq!(parse(&args(&[])), Ok(Command::Serve));
        assert_eq!(parse(&args(&["serve"])), Ok(Command::Serve));
        assert_eq!(parse(&args(&["migrate"])), Ok(Command::Migrate));
        assert_eq!(
            parse(&args(&["create-user", "--username", "anna", "--role", "operator"])),
            Ok(Command::CreateUser { username: "anna".into(), role: Role::Operator, name: None })
        );
        assert!(
            parse(&args(&["create-user", "--username", "anna", "--role", "root"]))
                .unwrap_err()
                .contains("admin or operator")
        );
        assert!(parse(&args(&["create-user", "--role", "admin"])).unwrap_err().contains("--username"));
        assert!(parse(&args(&["bogus"])).is_err());
        assert_eq!(
            parse(&args(&["faq", "import", "faq.csv", "--replace"])),
            Ok(Command::FaqImport { file: "faq.csv".into(), replace: true })
        );
        assert_eq!(
            parse(&args(&["faq", "import", "faq.csv"])),
            Ok(Command::FaqImport { file: "faq.csv".into(), replace: false })
        );
        assert!(parse(&args(&["faq", "import"])).unwrap_err().contains("FILE"));
        assert!(parse(&args(&["faq", "import", "a.csv", "b.csv"])).is_err());
        assert_eq!(parse(&args(&["faq", "export"])), Ok(Command::FaqExport { file: None }));
        assert_eq!(
            parse(&args(&["faq", "export", "out.csv"])),
            Ok(Command::FaqExport { file: Some("out.csv".into()) })
        );
        assert!(parse(&args(&["faq", "merge"])).is_err());
        assert_eq!(parse(&args(&["set-bot-token"])), Ok(Command::SetBotToken));
        assert!(parse(&args(&["set-bot-token", "123:abc"])).unwrap_err().contains("stdin"));
    }
}
