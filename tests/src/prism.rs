//! Prism (`@stoplight/prism-cli`), the spec-driven mock server, as the
//! tests of generated clients against real documents run it.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where `.ci/run` installs Prism, the directory and the modern corpus.
pub fn installed(target: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let prism = std::env::var_os("PRISM").map_or_else(
        || target.join("prism/node_modules/.bin/prism"),
        PathBuf::from,
    );
    let directory = std::env::var_os("API_DIRECTORY").map_or_else(
        || target.join("real-world-specs/corpus/dir/package/api"),
        PathBuf::from,
    );
    let modern = std::env::var_os("MODERN_CORPUS").map_or_else(
        || target.join("real-world-specs/corpus/modern"),
        PathBuf::from,
    );
    (prism, directory, modern)
}

/// A Prism server, stopped when dropped.
pub struct Prism {
    child: Child,
    /// Where it listens.
    pub url: String,
    /// Its log.
    pub log: PathBuf,
}

impl Prism {
    /// Serves `document` (answers from its examples, or from its schemas when
    /// `dynamic`, seeded), refusing any request that breaks it; its output goes
    /// to `log`.
    ///
    /// # Panics
    ///
    /// When Prism does not start or does not listen within two minutes.
    pub fn start(prism: &Path, document: &Path, dynamic: bool, log: PathBuf) -> Self {
        let port = free_port();
        let log_file = std::fs::File::create(&log).expect("prism log");
        let child = Command::new(prism)
            .args(["mock", "--errors", "--host", "127.0.0.1"])
            // The seed makes dynamic answers the same every run.
            .args(if dynamic {
                &["--dynamic", "--seed", "1"][..]
            } else {
                &[]
            })
            .arg("--port")
            .arg(port.to_string())
            .arg(document)
            .stdout(log_file.try_clone().expect("log"))
            .stderr(log_file)
            .stdin(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("{} does not start: {error}", prism.display()));
        let mut server = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        server.wait_until_listening(port);
        server
    }

    fn wait_until_listening(&mut self, port: u16) {
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(120);
        while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
            let exited = self.child.try_wait().ok().flatten();
            assert!(
                exited.is_none() && Instant::now() < deadline,
                "Prism did not start listening ({exited:?}):\n{}",
                std::fs::read_to_string(&self.log).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}
