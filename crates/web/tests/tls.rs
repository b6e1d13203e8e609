//! Serving over TLS with rustls: the handshake with a certificate the client trusts, a page over
//! it with HSTS and Secure cookies, and clear errors for unusable certificate files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};

const CERT: &[u8] = include_bytes!("fixtures/test-cert.pem");
const KEY: &[u8] = include_bytes!("fixtures/test-key.pem");

#[test]
fn pages_are_served_over_tls_with_hsts_and_secure_cookies() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let store = armstrace_store::open("sqlite::memory:").unwrap();
        let state = armstrace_web::AppState::new(store, true);
        let config = armstrace_web::tls_config(&armstrace_web::Tls { cert_pem: CERT.to_vec(), key_pem: KEY.to_vec() }).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(armstrace_web::serve_tls(listener, state, config));

        let mut roots = rustls::RootCertStore::empty();
        for c in CertificateDer::pem_slice_iter(CERT) {
            roots.add(c.unwrap()).unwrap();
        }
        let client = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        let connector = tokio_rustls::TlsConnector::from(Arc::new(client));
        let get = |path: &'static str| {
            let connector = connector.clone();
            async move {
                let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
                let mut tls = connector.connect(ServerName::try_from("localhost").unwrap(), tcp).await.unwrap();
                tls.write_all(format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes()).await.unwrap();
                let mut out = Vec::new();
                let _ = tls.read_to_end(&mut out).await;
                String::from_utf8_lossy(&out).to_string()
            }
        };
        let health = get("/healthz").await;
        assert!(health.starts_with("HTTP/1.1 200"), "{health}");
        assert!(health.to_ascii_lowercase().contains("strict-transport-security: max-age="), "{health}");
        let login = get("/login").await;
        assert!(login.starts_with("HTTP/1.1 200"), "{login}");
        let cookie = login.lines().find(|l| l.to_ascii_lowercase().starts_with("set-cookie:")).unwrap_or("");
        assert!(cookie.contains("; Secure"), "cookies are Secure under TLS: {cookie}");

        // A plain-HTTP client gets nothing, and the server goes on.
        let mut plain = tokio::net::TcpStream::connect(addr).await.unwrap();
        plain.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
        let mut buf = Vec::new();
        let _ = plain.read_to_end(&mut buf).await;
        assert!(!String::from_utf8_lossy(&buf).contains("200 OK"));
        assert!(get("/healthz").await.starts_with("HTTP/1.1 200"));
    });
}

#[test]
fn unusable_certificate_files_are_clear_errors() {
    let tls = |cert: &[u8], key: &[u8]| {
        armstrace_web::tls_config(&armstrace_web::Tls { cert_pem: cert.to_vec(), key_pem: key.to_vec() }).err().unwrap_or_default()
    };
    assert!(tls(b"not a certificate", KEY).contains("certificate"));
    assert!(tls(CERT, b"not a key").contains("key"));
    assert!(tls(KEY, KEY).contains("no certificate"), "a key given as the certificate");
}
