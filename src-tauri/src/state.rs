//! The shell's managed state: the open database, or why it could not be opened (the UI shows
//! that reason instead of the app).

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use piyao_check::fetch::{FetchConfig, Fetcher};
use piyao_core::{ApiError, Db};
use piyao_monitor::Monitor;
use piyao_notify::{Notifier, NotifyConfig};

/// Where the demo internet listens when it can (the shipped demo ledger's addresses).
const DEMO_PORT: u16 = 8790;

pub struct AppState {
    /// Replaced once, when a damaged database is restored from a backup in its place.
    db: RwLock<Result<Arc<Db>, ApiError>>,
    db_path: PathBuf,
    /// Who the timeline names for changes made in this app: the OS account.
    pub actor: String,
    /// One HTTP client for the app, built on first use from the fetch settings
    /// (`FetchConfig::load`, the same as the CLI's), or why those settings are wrong.
    fetcher: std::sync::OnceLock<Result<Arc<Fetcher>, ApiError>>,
    /// The push monitor, built on first use.
    monitor: std::sync::OnceLock<Arc<Monitor>>,
    /// The program that opens outside links and the data folder: `$PIYAO_OPENER`, else the
    /// system's browser and file manager.
    pub opener: Option<String>,
    /// Set by 取消 while a bulk change to the ledger runs; the change then rolls back.
    pub bulk_cancel: Arc<std::sync::atomic::AtomicBool>,
    /// Set by 取消 while 检查全部账号 runs.
    pub probe_cancel: Arc<std::sync::atomic::AtomicBool>,
    /// The demo internet, while the demo district is loaded.
    demo_net: std::sync::Mutex<Option<piyao_testnet::demo::DemoNet>>,
}

impl AppState {
    pub fn open(path: &Path) -> AppState {
        AppState {
            db: RwLock::new(Db::open(path).map(Arc::new).map_err(ApiError::from)),
            db_path: path.to_path_buf(),
            actor: actor_name(),
            fetcher: std::sync::OnceLock::new(),
            monitor: std::sync::OnceLock::new(),
            opener: std::env::var("PIYAO_OPENER")
                .ok()
                .filter(|b| !b.trim().is_empty()),
            bulk_cancel: Arc::default(),
            probe_cancel: Arc::default(),
            demo_net: std::sync::Mutex::new(None),
        }
    }

    /// Serves the demo internet when the database holds the demo (on 127.0.0.1:8790, or on
    /// another port when that one is taken: the demo's addresses then move with it).
    pub fn serve_demo(&self) -> Result<(), ApiError> {
        let db = self.db()?;
        let mut net = self.demo_net.lock().unwrap_or_else(|e| e.into_inner());
        if net.is_some() || db.demo_base()?.is_none() {
            return Ok(());
        }
        let started =
            piyao_testnet::demo::DemoNet::start(db.clone(), DEMO_PORT).map_err(|e| ApiError {
                code: "demo".into(),
                message: format!("无法启动演示网络：{e}"),
            })?;
        db.rebase_demo(started.base())?;
        *net = Some(started);
        Ok(())
    }

    /// The demo as the window shows it.
    pub fn demo_status(&self) -> Result<piyao_core::demo::DemoStatus, ApiError> {
        let base = self.db()?.demo_base()?;
        let net = self.demo_net.lock().unwrap_or_else(|e| e.into_inner());
        Ok(piyao_core::demo::DemoStatus {
            active: base.is_some(),
            base,
            received: net.as_ref().map(|n| n.received()).unwrap_or_default(),
        })
    }

    /// Stops the demo internet (the demo was left).
    pub fn leave_demo_net(&self) {
        self.demo_net
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
    }

    pub fn db(&self) -> Result<Arc<Db>, ApiError> {
        self.db
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Where the database is (also when it could not be opened).
    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// Makes `db` the app's database (after a backup took the place of a damaged file).
    pub fn replace_db(&self, db: Arc<Db>) {
        *self
            .db
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Ok(db);
    }

    /// The app's HTTP client; an error names a fetch settings file that cannot be used.
    pub fn fetcher(&self) -> Result<Arc<Fetcher>, ApiError> {
        self.fetcher
            .get_or_init(|| {
                FetchConfig::load(None)
                    .map(|c| Arc::new(Fetcher::new(c)))
                    .map_err(|message| ApiError {
                        code: "fetch_config".into(),
                        message: format!("{message}。请改正或删除该文件后重新启动。"),
                    })
            })
            .clone()
    }

    pub fn monitor(&self) -> Result<Arc<Monitor>, ApiError> {
        let db = self.db()?;
        let fetcher = self.fetcher()?;
        Ok(self
            .monitor
            .get_or_init(|| {
                Arc::new(Monitor::new(
                    db,
                    fetcher,
                    Arc::new(Notifier::new(NotifyConfig::default())),
                ))
            })
            .clone())
    }
}

fn actor_name() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|u| !u.trim().is_empty())
        .map(|u| format!("协调员（{u}）"))
        .unwrap_or_else(|| "协调员".to_string())
}

/// `--db PATH` or `--db=PATH` from the command line, else `$PIYAO_DB`, else the app-data folder.
pub fn db_path_from_args(args: impl IntoIterator<Item = String>) -> PathBuf {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--db" {
            if let Some(p) = args.next() {
                return PathBuf::from(p);
            }
        } else if let Some(p) = arg.strip_prefix("--db=") {
            return PathBuf::from(p);
        }
    }
    piyao_core::store::default_db_path()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_flag_in_both_spellings() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            db_path_from_args(args(&["app", "--db", "/x/a.db"])),
            PathBuf::from("/x/a.db")
        );
        assert_eq!(
            db_path_from_args(args(&["app", "--db=/x/b.db"])),
            PathBuf::from("/x/b.db")
        );
    }
}
