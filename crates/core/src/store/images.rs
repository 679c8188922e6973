//! Screenshots kept as evidence: content-addressed (BLAKE3 of the bytes) in the database, so
//! that backups and restores carry them, and linked to the targets they confirmed.

use rusqlite::{params, OptionalExtension};

use super::Db;
use crate::error::{Error, Result};
use crate::model::EvidenceImage;

/// A screenshot about to be kept: its bytes and what was found about them.
pub struct NewImage<'a> {
    pub bytes: &'a [u8],
    /// `png`, `jpeg` or `webp`.
    pub format: &'a str,
    pub width: u32,
    pub height: u32,
    pub file_name: Option<&'a str>,
    pub ocr_text: &'a str,
}

impl Db {
    /// Keeps `image` (once, whatever number of targets cite it) as evidence for the target
    /// `account_id` of push `push_id`; returns its hash.
    pub fn keep_image(
        &self,
        push_id: i64,
        account_id: i64,
        image: &NewImage,
        actor: &str,
        at: &str,
    ) -> Result<String> {
        let hash = blake3::hash(image.bytes).to_hex().to_string();
        self.with_tx(|tx| {
            let target: Option<i64> = tx
                .query_row(
                    "SELECT 1 FROM push_targets WHERE push_id = ?1 AND account_id = ?2",
                    params![push_id, account_id],
                    |r| r.get(0),
                )
                .optional()?;
            if target.is_none() {
                return Err(Error::Invalid("该账号不在此次推送的目标中".into()));
            }
            tx.execute(
                "INSERT OR IGNORE INTO evidence_images (hash, format, width, height, size, bytes, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    hash,
                    image.format,
                    image.width,
                    image.height,
                    image.bytes.len() as i64,
                    image.bytes,
                    at
                ],
            )?;
            tx.execute(
                "INSERT OR REPLACE INTO target_images
                    (push_id, account_id, hash, file_name, ocr_text, confirmed_by, confirmed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![push_id, account_id, hash, image.file_name, image.ocr_text, actor, at],
            )?;
            Ok(())
        })?;
        Ok(hash)
    }

    /// The screenshots kept for a target, oldest first (without their bytes).
    pub fn target_images(&self, push_id: i64, account_id: i64) -> Result<Vec<EvidenceImage>> {
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT i.hash, i.format, i.width, i.height, i.size, t.file_name, t.confirmed_by, t.confirmed_at
                 FROM target_images t JOIN evidence_images i ON i.hash = t.hash
                 WHERE t.push_id = ?1 AND t.account_id = ?2 ORDER BY t.confirmed_at, t.hash",
            )?;
            let rows = stmt.query_map(params![push_id, account_id], |r| {
                Ok(EvidenceImage {
                    hash: r.get(0)?,
                    format: r.get(1)?,
                    width: r.get(2)?,
                    height: r.get(3)?,
                    size: r.get(4)?,
                    file_name: r.get(5)?,
                    confirmed_by: r.get(6)?,
                    confirmed_at: r.get(7)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The bytes and format of a kept screenshot.
    pub fn image_bytes(&self, hash: &str) -> Result<(String, Vec<u8>)> {
        self.read(|c| {
            c.query_row(
                "SELECT format, bytes FROM evidence_images WHERE hash = ?1",
                [hash],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| Error::Invalid(format!("没有这张截图：{hash}")))
        })
    }
}
