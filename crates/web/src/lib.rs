//! armstrace web: the HTML pages and the JSON API (`/api/v1`) over the application services.
//!
//! Handlers never reach the store for records directly: they call the services of `armstrace_app`,
//! which apply the access policy and write the audit log. The role a handler needs is in its
//! signature (`Signed` for anyone signed in, `Can<RecordSeizure>` and the like for more).

pub mod api;
pub mod auth;
pub mod checks;
pub mod community;
pub mod directory;
pub mod i18n;
pub mod imports;
pub mod metrics;
pub mod openapi;
pub mod pages;
pub mod requests;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use armstrace_app::audit::Auditor;
use armstrace_app::error::{ErrorCode, ServiceError};
use armstrace_domain::time::Timestamp;
use armstrace_store::Store;

/// What every handler shares.
pub struct AppState {
    pub store: Box<dyn Store>,
    pub audit: Auditor,
    /// Cookies get `Secure` when the server speaks TLS (or sits behind a proxy that does).
    pub secure_cookies: bool,
    /// Requests arrive through a reverse proxy on this machine: their peer address is the proxy's
    /// loopback address and says nothing about the client (so `/metrics` asks for an administrator).
    pub behind_proxy: bool,
    pub metrics: metrics::Metrics,
    pub jobs: imports::Jobs,
    pub sign_in_throttle: auth::Throttle,
    /// The cross-check index of every item, loaded at start and kept current by the services.
    pub checks: armstrace_app::crosscheck::CrossCheck,
}

impl AppState {
    /// For a server behind a reverse proxy (`--behind-tls`).
    pub fn behind_proxy(store: Box<dyn Store>) -> Arc<AppState> {
        AppState::loaded(store, true, true)
    }

    /// The state of a server over `store`; loads the cross-check index from it (every item with a
    /// serial: at a million items, a few seconds).
    pub fn new(store: Box<dyn Store>, secure_cookies: bool) -> Arc<AppState> {
        AppState::loaded(store, secure_cookies, false)
    }

    fn loaded(store: Box<dyn Store>, secure_cookies: bool, behind_proxy: bool) -> Arc<AppState> {
        let state = AppState::unloaded(store, secure_cookies, behind_proxy);
        if let Err(e) = state.checks.refresh(state.store.as_ref()) {
            // The server still answers; checks find nothing until the next import reloads.
            eprintln!("armstrace: the cross-check index could not be loaded: {e}");
        }
        state
    }

    /// Stores the audit entries of reads answered so far (before reading the log).
    pub fn flush_audit(&self) -> Result<(), armstrace_store::StoreError> {
        self.audit.flush(self.store.as_ref())
    }

    fn unloaded(store: Box<dyn Store>, secure_cookies: bool, behind_proxy: bool) -> Arc<AppState> {
        let state = Arc::new(AppState {
            store,
            audit: Auditor::write_behind(AUDIT_WINDOW),
            secure_cookies,
            behind_proxy,
            metrics: metrics::Metrics::default(),
            jobs: imports::Jobs::default(),
            sign_in_throttle: auth::Throttle::new(auth::SIGN_IN_ATTEMPTS, std::time::Duration::from_secs(600)),
            checks: armstrace_app::crosscheck::CrossCheck::new(),
        });
        // Reminders of requests' deadlines by e-mail (when a relay is configured); ends with the state.
        let weak_reminders = Arc::downgrade(&state);
        let _ = std::thread::Builder::new().name("request-reminders".into()).spawn(move || loop {
            std::thread::sleep(REMINDER_INTERVAL);
            let Some(state) = weak_reminders.upgrade() else { break };
            if let Err(e) = armstrace_app::requests::remind_requests(state.store.as_ref(), &state.audit, &state.checks, now()) {
                eprintln!("armstrace: request reminders could not be sent: {e}");
            }
        });
        // The timer of the audit entries written behind; it ends with the state.
        let weak = Arc::downgrade(&state);
        let _ = std::thread::Builder::new().name("audit-writer".into()).spawn(move || loop {
            std::thread::sleep(AUDIT_WINDOW);
            let Some(state) = weak.upgrade() else { break };
            if let Err(e) = state.audit.flush_due(state.store.as_ref()) {
                eprintln!("armstrace: the audit log could not be written: {e}");
            }
        });
        state
    }
}

/// How often the node looks for requests whose deadline is near (each is reminded once a day).
const REMINDER_INTERVAL: std::time::Duration = std::time::Duration::from_secs(600);

/// Reads are answered before their audit entries are stored, at most this long before (see
/// `armstrace_app::audit::Auditor`).
const AUDIT_WINDOW: std::time::Duration = std::time::Duration::from_millis(20);

impl Drop for AppState {
    fn drop(&mut self) {
        if let Err(e) = self.audit.flush(self.store.as_ref()) {
            eprintln!("armstrace: the last audit entries could not be written: {e}");
        }
    }
}

pub type Shared = Arc<AppState>;

pub fn now() -> Timestamp {
    let ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
    Timestamp::from_unix_millis(ms)
}

/// Runs store work off the async threads (both stores are synchronous).
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, ServiceError> + Send + 'static) -> Result<T, ServiceError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ServiceError::new(ErrorCode::Internal, format!("a request failed inside the server ({e}); it was logged")))?
}

/// An error on its way out: a page for browsers, JSON for the API.
#[derive(Debug)]
pub struct WebError {
    pub error: ServiceError,
    pub api: bool,
    pub lang: armstrace_domain::account::Language,
}

impl WebError {
    pub fn api(error: ServiceError) -> WebError {
        WebError { error, api: true, lang: Default::default() }
    }
    pub fn page(error: ServiceError, lang: armstrace_domain::account::Language) -> WebError {
        WebError { error, api: false, lang }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.error.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if self.api {
            let body = serde_json::json!({ "error": { "code": self.error.code, "message": self.error.message } });
            return (status, axum::Json(body)).into_response();
        }
        pages::error_page(status, &self.error, self.lang)
    }
}

/// The address a request came from, for the audit log.
#[derive(Debug, Clone)]
pub struct Source(pub String);

/// Content-Security-Policy without inline scripts or styles, frames denied, no sniffing, and HSTS
/// under TLS.
async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    res
}

async fn hsts(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    res.headers_mut().insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    res
}

async fn healthz(axum::extract::State(state): axum::extract::State<Shared>) -> Response {
    let ok = blocking(move || state.store.ping().map_err(ServiceError::from)).await;
    match ok {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, format!("store unreachable: {}\n", e.message)).into_response(),
    }
}

async fn openapi_json() -> Response {
    axum::Json(openapi::document()).into_response()
}

const STYLE: &str = include_str!("../assets/style.css");
const SCRIPT: &str = include_str!("../assets/app.js");

async fn script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], SCRIPT).into_response()
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], STYLE).into_response()
}

pub fn router(state: Shared) -> Router {
    let tls = state.secure_cookies;
    let r = Router::new()
        .route("/healthz", get(healthz))
        .route("/assets/style.css", get(style))
        .route("/assets/app.js", get(script))
        .route("/metrics", get(metrics::metrics))
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/docs", get(pages::api_docs))
        .merge(pages::routes())
        .merge(imports::routes())
        .merge(checks::routes())
        .merge(requests::routes())
        .merge(directory::routes())
        .merge(community::routes())
        .nest("/api/v1", api::routes())
        .route_layer(middleware::from_fn_with_state(state.clone(), metrics::track))
        .with_state(state)
        .layer(middleware::from_fn(security_headers));
    if tls {
        r.layer(middleware::from_fn(hsts))
    } else {
        r
    }
}

/// Serves until the process is stopped (Ctrl-C).
pub async fn serve(listener: tokio::net::TcpListener, state: Shared) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

/// TLS settings: a certificate chain and its private key, in PEM.
pub struct Tls {
    pub cert_pem: Vec<u8>,
    pub key_pem: Vec<u8>,
}

/// The rustls configuration for a certificate chain and key in PEM (ring as the crypto provider:
/// it builds with a C compiler alone). HTTP/1.1 only, TLS 1.2 and 1.3.
pub fn tls_config(tls: &Tls) -> Result<tokio_rustls::rustls::ServerConfig, String> {
    use tokio_rustls::rustls;
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs = CertificateDer::pem_slice_iter(&tls.cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("the certificate file is not a PEM certificate chain: {e}"))?;
    if certs.is_empty() {
        return Err("the certificate file holds no certificate".into());
    }
    let key = PrivateKeyDer::from_pem_slice(&tls.key_pem).map_err(|e| format!("the key file is not a PEM private key: {e}"))?;
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| format!("the certificate and the key do not go together: {e}"))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// Serves over TLS until the process is stopped (Ctrl-C). Cookies are marked Secure and HSTS is
/// sent (the state should say `secure_cookies`).
pub async fn serve_tls(
    listener: tokio::net::TcpListener,
    state: Shared,
    config: tokio_rustls::rustls::ServerConfig,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo};
    use hyper_util::service::TowerToHyperService;
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let app = router(state);
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    loop {
        let (tcp, peer) = tokio::select! {
            r = listener.accept() => r?,
            _ = &mut stop => return Ok(()),
        };
        let acceptor = acceptor.clone();
        let app = app.clone().layer(axum::Extension(axum::extract::ConnectInfo(peer)));
        tokio::spawn(async move {
            // A failed handshake (a scanner, a plain-HTTP client) ends that connection only.
            let Ok(stream) = acceptor.accept(tcp).await else { return };
            let service = TowerToHyperService::new(app);
            let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                .http1_only()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Runs `f` with the services as the signed-in user sees them, on the blocking pool (the store is
/// synchronous).
pub(crate) fn with_ctx<T: Send + 'static>(
    state: &Shared,
    s: &auth::Signed,
    f: impl FnOnce(&armstrace_app::records::Ctx) -> Result<T, armstrace_app::error::ServiceError> + Send + 'static,
) -> impl std::future::Future<Output = Result<T, armstrace_app::error::ServiceError>> {
    let st = state.clone();
    let (p, source) = (s.principal.clone(), s.source.clone());
    async move {
        blocking(move || {
            f(&armstrace_app::records::Ctx {
                store: st.store.as_ref(),
                audit: &st.audit,
                who: &p,
                source: &source,
                now: now(),
                checks: &st.checks,
            })
        })
        .await
    }
}
