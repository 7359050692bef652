//! Command-line flags and their defaults.

pub struct Args {
    pub db: String,
    /// Inbox clients connected while latency is measured.
    pub clients: usize,
    pub customers: i64,
    pub messages: i64,
    /// Messages per second, evenly spaced (open loop).
    pub rate: f64,
    /// Clients connected in the second phase (memory), in all.
    pub idle_clients: usize,
    /// Messages posted in the second phase, and their rate.
    pub idle_messages: i64,
    pub idle_rate: f64,
    pub concurrency: usize,
}

pub fn args() -> Args {
    let mut a = Args {
        db: "sqlite".into(),
        clients: 20,
        customers: 200,
        messages: 3000,
        rate: 200.0,
        idle_clients: 200,
        idle_messages: 1000,
        idle_rate: 100.0,
        concurrency: 64,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let v = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--db" => a.db = v,
            "--clients" => a.clients = v.parse().expect("--clients N"),
            "--customers" => a.customers = v.parse().expect("--customers N"),
            "--messages" => a.messages = v.parse().expect("--messages N"),
            "--rate" => a.rate = v.parse().expect("--rate N (messages per second)"),
            "--idle-clients" => a.idle_clients = v.parse().expect("--idle-clients N"),
            "--idle-messages" => a.idle_messages = v.parse().expect("--idle-messages N"),
            "--idle-rate" => a.idle_rate = v.parse().expect("--idle-rate N (messages per second)"),
            "--concurrency" => a.concurrency = v.parse().expect("--concurrency N"),
            other => panic!("unknown flag {other}"),
        }
    }
    assert!(a.clients >= 1 && a.customers >= 1 && a.rate > 0.0 && a.idle_rate > 0.0);
    a
}
