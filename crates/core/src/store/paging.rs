//! Paging shared by every list that can grow (ledger, cases, a push's targets, the launch
//! preview, drill-downs): the window never holds more than a page, and a page past the end
//! shows the last one.

/// The most rows one page of any list holds.
pub const MAX_PAGE_SIZE: u32 = 500;

/// The page actually shown of a list of `total` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    /// 1-based; the last page when the one asked for is past the end.
    pub page: u32,
    /// Within 1..=`MAX_PAGE_SIZE`.
    pub size: u32,
    pub offset: u64,
}

impl Window {
    pub(crate) fn of(total: i64, page: u32, page_size: u32) -> Window {
        let size = page_size.clamp(1, MAX_PAGE_SIZE);
        let last = (total.max(1) as u64).div_ceil(size as u64) as u32;
        let page = page.clamp(1, last.max(1));
        Window {
            page,
            size,
            offset: (page as u64 - 1) * size as u64,
        }
    }

    /// ` LIMIT … OFFSET …` for the end of a query.
    pub(crate) fn sql(&self) -> String {
        format!(" LIMIT {} OFFSET {}", self.size, self.offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_past_the_end_is_the_last_and_sizes_stay_in_bounds() {
        let cases = [
            // (total, page, size) → (page, size, offset)
            ((0, 1, 50), (1, 50, 0)),
            ((0, 9, 50), (1, 50, 0)),
            ((120, 3, 50), (3, 50, 100)),
            ((120, 4, 50), (3, 50, 100)),
            ((120, 0, 50), (1, 50, 0)),
            ((100, 99, 50), (2, 50, 50)),
            ((7, 1, 0), (1, 1, 0)),
            ((100_000, u32::MAX, 10_000), (200, 500, 99_500)),
        ];
        for ((total, page, size), (p, s, o)) in cases {
            let w = Window::of(total, page, size);
            assert_eq!(
                (w.page, w.size, w.offset),
                (p, s, o),
                "{total} rows, page {page} of {size}"
            );
        }
    }
}
