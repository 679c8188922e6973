//! Screenshots people send as evidence (a group forward, a 朋友圈 share, a video app's share),
//! read locally: the image is checked (PNG, JPEG or WebP; not empty, not huge), prepared for
//! recognition (grey, dark mode turned light, phone-sized), and its text recognised by
//! Tesseract with its Simplified Chinese model (`tesseract-ocr-chi-sim`, installed by
//! `scripts/setup.sh`), run as a separate process with one thread and a time limit.
//!
//! Why Tesseract: it is the OCR engine the office's OS ships with Simplified Chinese data, runs
//! offline on two cores in well under a second for a phone screenshot, and its mistakes on
//! clean rendered UI text are single characters that the checker's bigram matcher tolerates
//! (measured in `tests/screenshots.rs`).

use std::io::{Cursor, Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use image::{DynamicImage, ImageFormat, ImageReader};
use wait_timeout::ChildExt;

/// The largest file taken, in bytes.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// The most pixels taken (a phone screenshot has about 2.5 million; a long stitched one 15).
pub const MAX_PIXELS: u64 = 40_000_000;
/// Wider images are scaled down to this before recognition (phone UI text stays legible).
const OCR_WIDTH: u32 = 1080;
/// Side of the square tiles whose polarity is set apart, in pixels.
const TILE: u32 = 96;
/// A tile whose background (median) is darker than this (0–255) is turned light.
const DARK_TILE: u64 = 110;
/// How long recognition of one image may take.
const OCR_TIMEOUT: Duration = Duration::from_secs(30);

/// What was found about one image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFacts {
    /// `png`, `jpeg` or `webp`.
    pub format: &'static str,
    pub width: u32,
    pub height: u32,
}

/// Checks that `bytes` are an image this module takes; why not, in Chinese.
pub fn inspect(bytes: &[u8]) -> Result<ImageFacts, String> {
    if bytes.is_empty() {
        return Err("文件是空的（0 字节）".into());
    }
    if bytes.len() > MAX_BYTES {
        return Err(format!(
            "图片太大（{:.1} MB），单张不能超过 {} MB",
            bytes.len() as f64 / 1_048_576.0,
            MAX_BYTES / 1_048_576
        ));
    }
    let format = match image::guess_format(bytes) {
        Ok(ImageFormat::Png) => "png",
        Ok(ImageFormat::Jpeg) => "jpeg",
        Ok(ImageFormat::WebP) => "webp",
        _ => return Err("不是 PNG、JPEG 或 WebP 图片".into()),
    };
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("无法读取图片：{e}"))?;
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| format!("图片已损坏，无法读取：{e}"))?;
    if width == 0 || height == 0 {
        return Err("图片没有内容（宽或高为 0）".into());
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(format!(
            "图片像素太多（{width}×{height}，约 {} 万像素），单张不能超过 {} 万像素",
            pixels / 10_000,
            MAX_PIXELS / 10_000
        ));
    }
    Ok(ImageFacts {
        format,
        width,
        height,
    })
}

/// Grey, light background, [`OCR_WIDTH`] wide (a phone's UI text then has the size
/// Tesseract reads best): smaller screenshots are scaled up, larger ones down.
fn prepare(img: DynamicImage) -> DynamicImage {
    let img = if img.width() != OCR_WIDTH {
        let h = (u64::from(img.height()) * u64::from(OCR_WIDTH) / u64::from(img.width())) as u32;
        img.resize_exact(OCR_WIDTH, h.max(1), image::imageops::FilterType::Triangle)
    } else {
        img
    };
    let mut grey = img.into_luma8();
    // Dark mode, and light text on dark boxes (a video's caption): every dark tile is turned
    // light, so that all text is dark on light, which is what Tesseract reads best.
    let (w, h) = grey.dimensions();
    for ty in (0..h).step_by(TILE as usize) {
        for tx in (0..w).step_by(TILE as usize) {
            let (tw, th) = (TILE.min(w - tx), TILE.min(h - ty));
            // the tile's background is its median: text is the minority of its pixels
            let mut histogram = [0u32; 256];
            for y in ty..ty + th {
                for x in tx..tx + tw {
                    histogram[grey.get_pixel(x, y).0[0] as usize] += 1;
                }
            }
            let half = tw * th / 2;
            let mut seen = 0;
            let median = histogram
                .iter()
                .position(|n| {
                    seen += n;
                    seen > half
                })
                .unwrap_or(255) as u64;
            if median < DARK_TILE {
                for y in ty..ty + th {
                    for x in tx..tx + tw {
                        let p = grey.get_pixel_mut(x, y);
                        p.0[0] = 255 - p.0[0];
                    }
                }
            }
        }
    }
    DynamicImage::ImageLuma8(grey)
}

/// Tesseract puts spaces between Chinese characters; a reader does not.
fn tidy(text: &str) -> String {
    let is_cjk = |c: char| {
        matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
            || "“”‘’".contains(c)
    };
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let before = chars[..i].iter().rev().find(|c| **c != ' ');
                let after = chars[i + 1..].iter().find(|c| **c != ' ');
                if before.is_some_and(|b| is_cjk(*b)) || after.is_some_and(|a| is_cjk(*a)) {
                    continue;
                }
            }
            out.push(c);
        }
        out.push('\n');
    }
    out
}

/// The text of the screenshot `bytes`, line by line; why not, in Chinese.
pub fn recognize(bytes: &[u8]) -> Result<String, String> {
    inspect(bytes)?;
    let img = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("无法读取图片：{e}"))?
        .decode()
        .map_err(|e| format!("图片已损坏，无法读取：{e}"))?;
    let mut png = Vec::new();
    prepare(img)
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|e| format!("无法准备识别：{e}"))?;
    run_tesseract(&png).map(|t| tidy(&t))
}

fn run_tesseract(png: &[u8]) -> Result<String, String> {
    let mut child = Command::new("tesseract")
        .args(["stdin", "stdout", "-l", "chi_sim", "--psm", "6"])
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!("未找到文字识别引擎 Tesseract（请安装 tesseract-ocr 和 tesseract-ocr-chi-sim）：{e}")
        })?;
    // feed the image from another thread while this one reads, so neither pipe can fill up
    let mut stdin = child.stdin.take().expect("piped");
    let input = png.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        stdout.read_to_string(&mut text).map(|_| text)
    });
    let status = match child.wait_timeout(OCR_TIMEOUT) {
        Ok(Some(status)) => status,
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "文字识别超过 {} 秒未完成，已停止",
                OCR_TIMEOUT.as_secs()
            ));
        }
        Err(e) => return Err(format!("文字识别失败：{e}")),
    };
    let _ = writer.join();
    let text = reader
        .join()
        .map_err(|_| "文字识别失败".to_string())?
        .map_err(|e| format!("读取识别结果失败：{e}"))?;
    if !status.success() {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        let first = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return Err(format!("文字识别失败（{status}）：{first}"));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(width, height, image::Rgb([255, 255, 255]));
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn bad_images_are_refused_with_why() {
        assert!(inspect(&[]).unwrap_err().contains("空"));
        assert!(inspect(b"hello, not an image")
            .unwrap_err()
            .contains("不是 PNG"));
        let mut corrupt = png(10, 10);
        corrupt.truncate(20);
        assert!(
            inspect(&corrupt).unwrap_err().contains("损坏"),
            "{:?}",
            inspect(&corrupt)
        );
        // a PNG header that claims 50 megapixels is refused before anything is decoded
        let mut huge = png(1, 1);
        huge[16..20].copy_from_slice(&10_000u32.to_be_bytes());
        huge[20..24].copy_from_slice(&5_000u32.to_be_bytes());
        let crc = crc32fast::hash(&huge[12..29]);
        huge[29..33].copy_from_slice(&crc.to_be_bytes());
        assert!(
            inspect(&huge).unwrap_err().contains("像素太多"),
            "{:?}",
            inspect(&huge)
        );
        assert_eq!(
            inspect(&png(1080, 2340)).unwrap(),
            ImageFacts {
                format: "png",
                width: 1080,
                height: 2340
            }
        );
    }

    #[test]
    fn spaces_tesseract_puts_between_chinese_characters_are_removed() {
        assert_eq!(
            tidy("【辟谣】 关 于 “吃 荔枝 ” 的 真实 情况\n\n  Weibo 微 博 2024 年\n"),
            "【辟谣】关于“吃荔枝”的真实情况\nWeibo微博2024年\n"
        );
    }
}
