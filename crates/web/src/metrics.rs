//! Request counts and latencies for Prometheus (`GET /metrics`, text format 0.0.4). Served to the
//! machine itself (a local scraper) and to system administrators; nobody else learns the traffic.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::{Can, ManageNode};
use crate::Shared;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

#[derive(Default)]
struct Route {
    /// (method, status) → count.
    counts: BTreeMap<(String, u16), u64>,
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    total: u64,
}

#[derive(Default)]
pub struct Metrics {
    routes: Mutex<BTreeMap<String, Route>>,
}

impl Metrics {
    fn observe(&self, route: &str, method: &str, status: u16, seconds: f64) {
        let Ok(mut routes) = self.routes.lock() else { return };
        let r = routes.entry(route.to_string()).or_default();
        *r.counts.entry((method.to_string(), status)).or_default() += 1;
        for (i, b) in BUCKETS.iter().enumerate() {
            if seconds <= *b {
                r.buckets[i] += 1;
            }
        }
        r.sum += seconds;
        r.total += 1;
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let Ok(routes) = self.routes.lock() else { return out };
        let _ = writeln!(out, "# HELP armstrace_http_requests_total Requests answered, by route, method and status.");
        let _ = writeln!(out, "# TYPE armstrace_http_requests_total counter");
        for (route, r) in routes.iter() {
            for ((method, status), n) in &r.counts {
                let _ = writeln!(
                    out,
                    "armstrace_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                    escape(route)
                );
            }
        }
        let _ = writeln!(out, "# HELP armstrace_http_request_duration_seconds Time to answer, by route.");
        let _ = writeln!(out, "# TYPE armstrace_http_request_duration_seconds histogram");
        for (route, r) in routes.iter() {
            let route = escape(route);
            for (i, b) in BUCKETS.iter().enumerate() {
                let _ = writeln!(out, "armstrace_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{b}\"}} {}", r.buckets[i]);
            }
            let _ = writeln!(out, "armstrace_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}", r.total);
            let _ = writeln!(out, "armstrace_http_request_duration_seconds_sum{{route=\"{route}\"}} {}", r.sum);
            let _ = writeln!(out, "armstrace_http_request_duration_seconds_count{{route=\"{route}\"}} {}", r.total);
        }
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Times every request under its route template (`/items/{id}`, never the id itself).
pub async fn track(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string()).unwrap_or_else(|| "(unmatched)".into());
    let method = req.method().to_string();
    let started = Instant::now();
    let res = next.run(req).await;
    state.metrics.observe(&route, &method, res.status().as_u16(), started.elapsed().as_secs_f64());
    res
}

/// `GET /metrics`: to a scraper on this machine, or to a system administrator.
pub async fn metrics(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    admin: Result<Can<ManageNode>, Response>,
) -> Response {
    if !peer.ip().is_loopback() || state.behind_proxy {
        if let Err(refused) = admin {
            return refused;
        }
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], state.metrics.render()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_format_has_counts_and_cumulative_buckets() {
        let m = Metrics::default();
        m.observe("/items/{id}", "GET", 200, 0.004);
        m.observe("/items/{id}", "GET", 404, 0.02);
        let t = m.render();
        assert!(t.contains("armstrace_http_requests_total{route=\"/items/{id}\",method=\"GET\",status=\"200\"} 1"), "{t}");
        assert!(t.contains("armstrace_http_request_duration_seconds_bucket{route=\"/items/{id}\",le=\"0.005\"} 1"), "{t}");
        assert!(t.contains("armstrace_http_request_duration_seconds_bucket{route=\"/items/{id}\",le=\"0.025\"} 2"), "{t}");
        assert!(t.contains("armstrace_http_request_duration_seconds_count{route=\"/items/{id}\"} 2"), "{t}");
    }
}
