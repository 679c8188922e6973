//! The office's settings around a sweep or a test: before, the platform settings (login
//! cookie, pace) and the Weibo visitor identities kept from earlier runs; after, the
//! identities held now, kept for the next run. One pair of calls for the app, the monitor and
//! the CLI.

use piyao_core::Db;

use crate::fetch::Fetcher;

/// Before a sweep or a test: takes up the office's platform settings and kept identities.
pub fn prepare(fetcher: &Fetcher, db: &Db) -> piyao_core::Result<()> {
    fetcher.apply(&db.platform_settings()?);
    fetcher.weibo.restore(db.weibo_visitors()?);
    Ok(())
}

/// After a sweep or a test: keeps the identities held now, when they changed.
pub fn keep(fetcher: &Fetcher, db: &Db) -> piyao_core::Result<()> {
    let now = fetcher.weibo.snapshot();
    if now != db.weibo_visitors()? {
        db.set_weibo_visitors(&now)?;
    }
    Ok(())
}
