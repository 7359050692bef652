//! The `server` binary itself: configuration errors, `migrate`, `create-user`, first-run admin,
//! health endpoints and graceful shutdown on SIGTERM.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_server");

fn temp_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("supportbot-cli-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A command that sees none of the developer's configuration.
fn server(dir: &std::path::Path) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(dir);
    for var in [
        "DATABASE_URL",
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_API_URL",
        "PUBLIC_URL",
        "TELEGRAM_WEBHOOK_SECRET",
        "APP_SECRET_KEY",
        "LEPTOS_SITE_ADDR",
    ] {
        c.env_remove(var);
    }
    c.env("NO_COLOR", "1").env("RUST_LOG", "info");
    c
}

#[test]
fn bad_configuration_fails_with_one_clear_line_and_no_secret() {
    let dir = temp_dir("badcfg");
    let cases = [
        ("DATABASE_URL", "mysql://root:hunter2@db/app", "error: invalid DATABASE_URL: unsupported scheme 'mysql'"),
        ("PUBLIC_URL", "http://example.com", "error: invalid PUBLIC_URL: must use https"),
        ("APP_SECRET_KEY", "aHVudGVyMg==", "error: invalid APP_SECRET_KEY: must decode to exactly 32 bytes"),
        ("TELEGRAM_BOT_TOKEN", "hunter2", "error: invalid TELEGRAM_BOT_TOKEN: not a bot token"),
        ("LEPTOS_SITE_ADDR", "nowhere", "error: invalid LEPTOS_SITE_ADDR"),
    ];
    for (var, value, expected) in cases {
        let out = server(&dir).arg("migrate").env(var, value).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{var}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{var}: {stderr}");
        assert!(stderr.starts_with(expected), "{var}: {stderr}");
        assert!(!stderr.contains("hunter2"), "{var} leaked: {stderr}");
    }
    let out = server(&dir).arg("bogus").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: unknown command 'bogus'"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unreachable_database_is_reported_without_the_password() {
    let dir = temp_dir("unreach");
    let out = server(&dir).arg("migrate").env("DATABASE_URL", "postgres://u:hunter2@127.0.0.1:1/db").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("error: cannot connect to the database"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn migrate_and_create_user_from_stdin() {
    let dir = temp_dir("createuser");
    let out = server(&dir).arg("migrate").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.join("data/supportbot.db").exists(), "the default database lives under data/");

    let mut child = server(&dir)
        .args(["create-user", "--username", "Anna", "--role", "operator", "--name", "Анна"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"a long enough password\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("created operator 'anna'"));

    // Duplicate and too-short passwords are refused with clear messages.
    let mut child = server(&dir)
        .args(["create-user", "--username", "anna", "--role", "admin"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"another long password\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already taken"));
    let mut child = server(&dir)
        .args(["create-user", "--username", "bob", "--role", "admin"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"short\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 10 characters"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Starts `server serve` on a free port; returns the child, its address and the output reader.
fn serve(dir: &std::path::Path) -> (std::process::Child, String, std::sync::mpsc::Receiver<String>) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = server(dir)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    (child, format!("127.0.0.1:{port}"), rx)
}

fn wait_for_line(rx: &std::sync::mpsc::Receiver<String>, needle: &str, seen: &mut Vec<String>) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            seen.push(line.clone());
            if line.contains(needle) {
                return line;
            }
        }
    }
    panic!("no line containing {needle:?}; saw:\n{}", seen.join("\n"));
}

fn http_get(addr: &str, path: &str) -> String {
    use std::io::Read;
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn first_run_prints_the_admin_password_once_and_sigterm_stops_gracefully() {
    let dir = temp_dir("firstrun");
    let mut seen = Vec::new();

    let (mut child, addr, rx) = serve(&dir);
    let line = wait_for_line(&rx, "FIRST RUN: created admin user 'admin' with password:", &mut seen);
    let password = line.split("password: ").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
    assert_eq!(password.len(), 16);
    wait_for_line(&rx, "listening on", &mut seen);
    assert!(http_get(&addr, "/healthz").starts_with("HTTP/1.1 200"));
    assert!(http_get(&addr, "/readyz").starts_with("HTTP/1.1 200"));
    assert!(dir.join("data/app_secret.key").exists(), "the app key file is generated");

    // SIGTERM: graceful stop, exit code 0.
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    wait_for_line(&rx, "stopped", &mut seen);
    assert!(child.wait().unwrap().success());

    // Second start on the same database: no new admin, no password printed.
    let (mut child, addr, rx) = serve(&dir);
    let mut seen2 = Vec::new();
    wait_for_line(&rx, "listening on", &mut seen2);
    assert!(http_get(&addr, "/readyz").starts_with("HTTP/1.1 200"));
    Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    wait_for_line(&rx, "stopped", &mut seen2);
    assert!(child.wait().unwrap().success());
    assert!(!seen2.iter().any(|l| l.contains("FIRST RUN")), "{seen2:?}");
    assert!(
        !seen2.iter().chain(&seen).filter(|l| !l.contains("FIRST RUN")).any(|l| l.contains(&password)),
        "the password appears only in the one line"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
