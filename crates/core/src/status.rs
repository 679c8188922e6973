//! What the app shows about its database, and the error shape every host hands to users.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::Db;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DbStatus {
    pub path: String,
    #[ts(type = "number")]
    pub accounts: i64,
    #[ts(type = "number")]
    pub schema_version: i64,
    /// The demo district is loaded (the window marks it 演示数据 and offers 退出演示).
    pub demo: bool,
}

impl Db {
    pub fn status(&self) -> Result<DbStatus> {
        Ok(DbStatus {
            path: self.path().display().to_string(),
            accounts: self.count_accounts()?,
            schema_version: self.schema_version()?,
            demo: self.demo_base()?.is_some(),
        })
    }
}

/// An error as the UI and `--json` output receive it: a stable code and a Chinese message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

impl From<&Error> for ApiError {
    fn from(e: &Error) -> Self {
        ApiError {
            code: e.code().to_string(),
            message: e.to_string(),
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError::from(&e)
    }
}
