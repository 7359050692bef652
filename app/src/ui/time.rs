//! Times as the admin pages show them.

/// `2026-11-23 14:05 UTC`: the same on the server and in the browser, so hydration matches.
pub fn format_time(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.with_timezone(&chrono::Utc).format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|_| rfc3339.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_formatted_in_utc() {
        assert_eq!(super::format_time("2026-11-23T17:05:09+03:00"), "2026-11-23 14:05 UTC");
        assert_eq!(super::format_time("garbage"), "garbage");
    }
}
