//! iCalendar (RFC 5545) export of the Community's activities, written by hand: members put the
//! meetings in the calendar they already use (Outlook, Thunderbird, a phone), offline deployments
//! included. Activities are whole days, so every event is `VALUE=DATE` with an exclusive end.

use crate::time::{civil_from_days, Timestamp};

/// An event of the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Globally unique (RFC 5545 §3.8.4.7): the record's id at the node's name.
    pub uid: String,
    /// When the record was last changed (DTSTAMP for a published calendar, §3.8.7.2).
    pub stamp: Timestamp,
    /// First day, days since 1970-01-01.
    pub first_day: i64,
    /// Last day, inclusive (written as DTEND the day after, §3.6.1: DTEND is exclusive).
    pub last_day: i64,
    pub summary: String,
    pub location: String,
    pub description: String,
    /// The activity's page.
    pub url: String,
    pub categories: Vec<String>,
}

/// TEXT values (§3.3.11): backslash, semicolon and comma escaped, line breaks as `\n`.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT (§3.1): dropped.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// The inverse of [`escape_text`] (line breaks come back as `\n`).
pub fn unescape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// One content line, folded (§3.1): no physical line longer than 75 octets without its CRLF, a
/// continuation begins with one space, and a UTF-8 character is never split. Ends with CRLF.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

/// Joins folded lines back (a CRLF followed by a space or a tab is removed, §3.1).
pub fn unfold(s: &str) -> String {
    s.replace("\r\n ", "").replace("\r\n\t", "")
}

/// `20211213`
pub fn date_value(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}{m:02}{d:02}")
}

/// `20260101T093000Z`
pub fn date_time_value(t: Timestamp) -> String {
    let ms = t.unix_millis();
    let (y, m, d) = civil_from_days(ms.div_euclid(86_400_000));
    let s = ms.rem_euclid(86_400_000) / 1000;
    format!("{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z", s / 3600, (s / 60) % 60, s % 60)
}

/// A whole calendar (`name`: what the calendar application shows as its title).
pub fn calendar(name: &str, events: &[Event]) -> String {
    let mut out = String::new();
    let mut line = |s: String| out.push_str(&fold_line(&s));
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//armstrace//Community of Practitioners//EN".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape_text(name)));
    for e in events {
        line("BEGIN:VEVENT".into());
        // A UID is not TEXT, but a comma or a newline in it would still break the line.
        line(format!("UID:{}", e.uid.replace(['\r', '\n'], "")));
        line(format!("DTSTAMP:{}", date_time_value(e.stamp)));
        line(format!("DTSTART;VALUE=DATE:{}", date_value(e.first_day)));
        line(format!("DTEND;VALUE=DATE:{}", date_value(e.last_day.max(e.first_day) + 1)));
        line(format!("SUMMARY:{}", escape_text(&e.summary)));
        if !e.location.is_empty() {
            line(format!("LOCATION:{}", escape_text(&e.location)));
        }
        if !e.description.is_empty() {
            line(format!("DESCRIPTION:{}", escape_text(&e.description)));
        }
        if !e.categories.is_empty() {
            line(format!("CATEGORIES:{}", e.categories.iter().map(|c| escape_text(c)).collect::<Vec<_>>().join(",")));
        }
        if !e.url.is_empty() && !e.url.contains(['\r', '\n', ' ']) {
            line(format!("URL:{}", e.url));
        }
        line("TRANSP:TRANSPARENT".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_is_escaped_as_the_rfc_says() {
        assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape_text("one\r\ntwo\nthree\rfour"), r"one\ntwo\nthree\nfour");
        assert_eq!(escape_text("bell\u{7}"), "bell");
        assert_eq!(unescape_text(r"a\\b\;c\,d\nnext"), "a\\b;c,d\nnext");
        // "\\n" is an escaped backslash followed by n, not a line break.
        assert_eq!(unescape_text(&escape_text("C:\\new")), "C:\\new");
    }

    #[test]
    fn long_lines_are_folded_at_75_octets_without_splitting_a_character() {
        let ascii = format!("DESCRIPTION:{}", "x".repeat(200));
        let folded = fold_line(&ascii);
        assert!(folded.ends_with("\r\n"));
        let lines: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert_eq!(lines[0].len(), 75);
        assert!(lines[1..].iter().all(|l| l.starts_with(' ') && l.len() <= 75));
        assert_eq!(unfold(&folded), format!("{ascii}\r\n"));
        // Two-byte letters: the 75th octet would split "é"; the line breaks before it.
        let accents = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold_line(&accents);
        for l in folded.split("\r\n") {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert_eq!(folded.split("\r\n").next().map(str::len), Some(74), "8 + 33 × 2 = 74; one more é would make 76");
        assert_eq!(unfold(&folded), format!("{accents}\r\n"));
        assert_eq!(fold_line("SHORT"), "SHORT\r\n");
    }

    #[test]
    fn a_calendar_has_its_parts_and_exclusive_end_dates() {
        let e = Event {
            uid: "019b76da-ab87-7fa2-a3de-4e2a07820030@armstrace".into(),
            stamp: Timestamp::from_ymd_hms(2026, 1, 2, 9, 30, 5),
            first_day: crate::time::days_from_civil(2021, 12, 13),
            last_day: crate::time::days_from_civil(2021, 12, 31),
            summary: "Regional meeting, Latin America; Panama".into(),
            location: "Panama City, Panama".into(),
            description: "Line one\nLine two".into(),
            url: "https://node.example/community/events/1".into(),
            categories: vec!["Tracing".into()],
        };
        let cal = calendar("Community", &[e]);
        for line in [
            "BEGIN:VCALENDAR\r\n",
            "VERSION:2.0\r\n",
            "PRODID:-//armstrace//Community of Practitioners//EN\r\n",
            "BEGIN:VEVENT\r\n",
            "DTSTAMP:20260102T093005Z\r\n",
            "DTSTART;VALUE=DATE:20211213\r\n",
            "DTEND;VALUE=DATE:20220101\r\n",
            "SUMMARY:Regional meeting\\, Latin America\\; Panama\r\n",
            "LOCATION:Panama City\\, Panama\r\n",
            "DESCRIPTION:Line one\\nLine two\r\n",
            "END:VCALENDAR\r\n",
        ] {
            assert!(cal.contains(line), "{line:?} in {cal}");
        }
        assert!(!cal.replace("\r\n", "").contains('\n'), "every line ends with CRLF");
    }

    proptest! {
        #[test]
        fn unfolding_and_unescaping_give_back_the_text(s in "\\PC{0,400}", nl in proptest::collection::vec(0usize..400, 0..4)) {
            // Any text, with line breaks put in.
            let mut text: Vec<char> = s.chars().collect();
            for i in nl { let at = i.min(text.len()); text.insert(at, '\n'); }
            let text: String = text.into_iter().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect();
            let folded = fold_line(&format!("DESCRIPTION:{}", escape_text(&text)));
            for l in folded.split("\r\n") {
                prop_assert!(l.len() <= 75);
            }
            prop_assert!(folded.ends_with("\r\n"));
            let line = unfold(&folded);
            let value = line.trim_end_matches("\r\n").strip_prefix("DESCRIPTION:").unwrap_or("");
            prop_assert_eq!(unescape_text(value), text);
        }
    }
}
