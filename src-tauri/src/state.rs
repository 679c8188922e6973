//! The shell's managed state: the open database, or why it could not be opened (the UI shows
//! that reason instead of the app).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use piyao_check::fetch::{FetchConfig, Fetcher};
use piyao_core::{ApiError, Db};

pub struct AppState {
    db: Result<Arc<Db>, ApiError>,
    /// Who the timeline names for changes made in this app: the OS account.
    pub actor: String,
    /// One HTTP client for the app (polite defaults), built on first use.
    fetcher: std::sync::OnceLock<Arc<Fetcher>>,
}

impl AppState {
    pub fn open(path: &Path) -> AppState {
        AppState {
            db: Db::open(path).map(Arc::new).map_err(ApiError::from),
            actor: actor_name(),
            fetcher: std::sync::OnceLock::new(),
        }
    }

    pub fn db(&self) -> Result<Arc<Db>, ApiError> {
        self.db.clone()
    }

    pub fn fetcher(&self) -> Arc<Fetcher> {
        self.fetcher.get_or_init(|| Arc::new(Fetcher::new(FetchConfig::default()))).clone()
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
        assert_eq!(db_path_from_args(args(&["app", "--db", "/x/a.db"])), PathBuf::from("/x/a.db"));
        assert_eq!(db_path_from_args(args(&["app", "--db=/x/b.db"])), PathBuf::from("/x/b.db"));
    }
}
