//! E-mail through the agency's SMTP relay: notifications of new cross-check hits now, the
//! Community's newsletter later. A small SMTP client (RFC 5321) over a plain connection to a relay
//! on the agency's network, with AUTH PLAIN when credentials are given; messages queue in an outbox
//! that a background thread sends, so that no request waits for the mail server.
//!
//! What leaves the system by e-mail is kept to what the handling codes allow anyone: a notification
//! says that a hit exists and links to it, never a serial number, a name or a place (TLP 2.0: the
//! e-mail's recipients and relays are outside the node's control).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Sender};
use std::sync::Arc;
use std::time::Duration;

/// Where and how to send: from `smtp://[user:password@]host[:port]` (port 25 by default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub credentials: Option<(String, String)>,
    /// The sender address, e.g. `armstrace@police.example`.
    pub from: String,
}

impl SmtpConfig {
    pub fn parse(url: &str, from: &str) -> Result<SmtpConfig, String> {
        let rest = url.strip_prefix("smtp://").ok_or_else(|| {
            format!("'{url}' is not an SMTP address: write smtp://HOST:PORT or smtp://USER:PASSWORD@HOST:PORT (a relay on your network)")
        })?;
        let (credentials, hostport) = match rest.rsplit_once('@') {
            Some((userinfo, hp)) => {
                let (u, p) = userinfo.split_once(':').ok_or_else(|| "write the credentials as USER:PASSWORD@".to_string())?;
                (Some((percent_decode(u), percent_decode(p))), hp)
            }
            None => (None, rest),
        };
        let hostport = hostport.trim_end_matches('/');
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (h, p.parse::<u16>().map_err(|_| format!("'{p}' is not a port number"))?),
            None => (hostport, 25),
        };
        if host.is_empty() {
            return Err("the SMTP address names no host".into());
        }
        if !valid_address(from) {
            return Err(format!("'{from}' is not an e-mail address for the sender"));
        }
        Ok(SmtpConfig { host: host.to_string(), port, credentials, from: from.to_string() })
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                let v = (h * 16 + l) as u8;
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A plausible address: one `@`, something before, a dot after, no spaces or line breaks (which
/// would let a value inject SMTP commands or headers).
pub fn valid_address(a: &str) -> bool {
    let Some((local, domain)) = a.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && a.matches('@').count() == 1
        && a.chars().all(|c| !c.is_whitespace() && !c.is_control() && c != '<' && c != '>' && c != ',')
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    /// An HTML alternative (the newsletter); notifications are plain text.
    pub html: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the mail server {0} could not be reached: {1}")]
    Connect(String, String),
    #[error("the mail server refused: {0}")]
    Refused(String),
    #[error("the connection to the mail server failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("no valid recipient")]
    NoRecipient,
}

fn reply(r: &mut impl BufRead) -> Result<(u16, String), MailError> {
    let mut all = String::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 {
            return Err(MailError::Refused("the server closed the connection".into()));
        }
        all.push_str(line.trim_end());
        all.push(' ');
        // "250-..." continues, "250 ..." ends.
        if line.len() < 4 || line.as_bytes()[3] != b'-' {
            let code = line.get(..3).and_then(|c| c.parse().ok()).unwrap_or(0);
            return Ok((code, all.trim().to_string()));
        }
    }
}

fn expect(r: &mut impl BufRead, ok: &[u16]) -> Result<String, MailError> {
    let (code, text) = reply(r)?;
    if ok.contains(&code) {
        Ok(text)
    } else {
        Err(MailError::Refused(text))
    }
}

fn base64(input: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A header value: ASCII as is, anything else as an RFC 2047 encoded word; line breaks removed.
fn header_text(s: &str) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control()).collect();
    if clean.is_ascii() {
        clean
    } else {
        format!("=?UTF-8?B?{}?=", base64(clean.as_bytes()))
    }
}

/// The message as sent: headers, then the text (and the HTML alternative), base64 bodies so that
/// any language's text passes any relay; lines of a body never start a line with a lone dot.
pub fn message(cfg: &SmtpConfig, mail: &Mail, date: &str, id: &str) -> String {
    let wrap = |s: &str| {
        let b = base64(s.as_bytes());
        b.as_bytes().chunks(76).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("\r\n")
    };
    let mut m = format!(
        "From: {}\r\nTo: {}\r\nSubject: {}\r\nDate: {date}\r\nMessage-ID: <{id}@armstrace>\r\nMIME-Version: 1.0\r\n",
        cfg.from,
        mail.to.join(", "),
        header_text(&mail.subject)
    );
    match &mail.html {
        None => {
            m.push_str("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
            m.push_str(&wrap(&mail.text));
            m.push_str("\r\n");
        }
        Some(html) => {
            let boundary = format!("armstrace-{id}");
            m.push_str(&format!("Content-Type: multipart/alternative; boundary=\"{boundary}\"\r\n\r\n"));
            for (kind, body) in [("text/plain", &mail.text), ("text/html", html)] {
                m.push_str(&format!(
                    "--{boundary}\r\nContent-Type: {kind}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
                    wrap(body)
                ));
            }
            m.push_str(&format!("--{boundary}--\r\n"));
        }
    }
    m
}

/// Sends one message now (the outbox's worker calls this; tests too).
pub fn send(cfg: &SmtpConfig, mail: &Mail, date: &str, id: &str) -> Result<(), MailError> {
    let to: Vec<&String> = mail.to.iter().filter(|a| valid_address(a)).collect();
    if to.is_empty() {
        return Err(MailError::NoRecipient);
    }
    let addr = format!("{}:{}", cfg.host, cfg.port);
    let stream = std::net::ToSocketAddrs::to_socket_addrs(&addr)
        .map_err(|e| MailError::Connect(addr.clone(), e.to_string()))?
        .find_map(|a| TcpStream::connect_timeout(&a, Duration::from_secs(10)).ok())
        .ok_or_else(|| MailError::Connect(addr.clone(), "no answer".into()))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let mut w = stream.try_clone()?;
    let mut r = BufReader::new(stream);
    expect(&mut r, &[220])?;
    write!(w, "EHLO armstrace\r\n")?;
    expect(&mut r, &[250])?;
    if let Some((user, password)) = &cfg.credentials {
        let token = base64(format!("\0{user}\0{password}").as_bytes());
        write!(w, "AUTH PLAIN {token}\r\n")?;
        expect(&mut r, &[235])?;
    }
    write!(w, "MAIL FROM:<{}>\r\n", cfg.from)?;
    expect(&mut r, &[250])?;
    for a in &to {
        write!(w, "RCPT TO:<{a}>\r\n")?;
        expect(&mut r, &[250, 251])?;
    }
    write!(w, "DATA\r\n")?;
    expect(&mut r, &[354])?;
    let body = message(cfg, &Mail { to: to.iter().map(|s| s.to_string()).collect(), ..mail.clone() }, date, id);
    for line in body.split("\r\n") {
        // Dot-stuffing (RFC 5321 §4.5.2).
        if line.starts_with('.') {
            write!(w, ".")?;
        }
        write!(w, "{line}\r\n")?;
    }
    write!(w, ".\r\n")?;
    expect(&mut r, &[250])?;
    write!(w, "QUIT\r\n")?;
    w.flush()?;
    // The message is accepted; the goodbye is a courtesy.
    let _ = reply(&mut r);
    Ok(())
}

/// Messages waiting to be sent by a background thread, with counts for the metrics.
pub struct Outbox {
    tx: std::sync::Mutex<Sender<Mail>>,
    pub sent: Arc<AtomicU64>,
    pub failed: Arc<AtomicU64>,
}

impl Outbox {
    pub fn start(cfg: SmtpConfig) -> Outbox {
        let (tx, rx) = channel::<Mail>();
        let (sent, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
        let (s, f) = (sent.clone(), failed.clone());
        std::thread::spawn(move || {
            for mail in rx {
                let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
                let date = armstrace_domain::time::Timestamp::from_unix_millis(now as i64).to_string();
                let id = armstrace_domain::id::RecordId::new().to_string();
                match send(&cfg, &mail, &date, &id) {
                    Ok(()) => {
                        s.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(e) => {
                        f.fetch_add(1, Ordering::Relaxed);
                        eprintln!("armstrace: a notification to {} was not sent: {e}", mail.to.join(", "));
                    }
                }
            }
        });
        Outbox { tx: std::sync::Mutex::new(tx), sent, failed }
    }

    pub fn queue(&self, mail: Mail) {
        if let Ok(tx) = self.tx.lock() {
            // The worker only stops with the process.
            let _ = tx.send(mail);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn addresses_and_urls_are_read_strictly() {
        assert!(valid_address("ana.horvat@mup.hr"));
        for bad in ["ana", "ana@mup", "a b@mup.hr", "ana@mup.hr\r\nRCPT TO:<x@y.z>", "<a@b.c>", "a@b.c,d@e.f", "@mup.hr", "a@@mup.hr"] {
            assert!(!valid_address(bad), "{bad:?}");
        }
        let c = SmtpConfig::parse("smtp://relay.mup.hr", "armstrace@mup.hr").unwrap();
        assert_eq!((c.host.as_str(), c.port, c.credentials.is_none()), ("relay.mup.hr", 25, true));
        let c = SmtpConfig::parse("smtp://notify:p%40ss@10.0.0.5:587", "armstrace@mup.hr").unwrap();
        assert_eq!(c.credentials, Some(("notify".into(), "p@ss".into())));
        assert_eq!(c.port, 587);
        assert!(SmtpConfig::parse("http://x", "a@b.c").is_err());
        assert_eq!(SmtpConfig::parse("smtp://u:%aé%@h", "a@b.c").unwrap().credentials, Some(("u".into(), "%aé%".into())));
        assert!(SmtpConfig::parse("smtp://x:port", "a@b.c").is_err());
        assert!(SmtpConfig::parse("smtp://x", "not an address").is_err());
    }

    #[test]
    fn base64_matches_the_rfc_vectors() {
        for (i, o) in
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]
        {
            assert_eq!(base64(i.as_bytes()), o);
        }
        assert_eq!(header_text("Coincidencia: incautación"), "=?UTF-8?B?Q29pbmNpZGVuY2lhOiBpbmNhdXRhY2nDs24=?=");
        assert_eq!(header_text("a\r\nBcc: x@y.z"), "aBcc: x@y.z", "no header injection");
    }
}
