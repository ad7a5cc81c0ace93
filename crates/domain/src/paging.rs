//! Every list is paginated.

use serde::{Deserialize, Serialize};

pub const PAGE_SIZE: u64 = 25;

/// No list has more pages; a larger `?page=` is read as this one (an empty
/// page), so its offset never overflows the database's 64-bit integers.
pub const MAX_PAGE: u64 = 10_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    /// 1-based.
    pub page: u64,
    pub per_page: u64,
}

impl PageRequest {
    pub fn new(page: Option<u64>) -> Self {
        PageRequest {
            page: page.unwrap_or(1).clamp(1, MAX_PAGE),
            per_page: PAGE_SIZE,
        }
    }

    pub fn offset(self) -> u64 {
        (self.page - 1) * self.per_page
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(self.per_page).max(1)
    }

    pub fn has_prev(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            per_page: self.per_page,
            total: self.total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pages() {
        let p = Page::<u8> {
            items: vec![],
            page: 2,
            per_page: 25,
            total: 51,
        };
        assert_eq!(p.pages(), 3);
        assert!(p.has_prev() && p.has_next());
        assert_eq!(PageRequest::new(Some(0)).page, 1);
        assert_eq!(PageRequest::new(Some(3)).offset(), 50);
        // A page far past any list is an empty page, never an overflow.
        for huge in [370_000_000_000_000_000, u64::MAX] {
            let far = PageRequest::new(Some(huge));
            assert_eq!(far.page, MAX_PAGE);
            assert!(i64::try_from(far.offset()).is_ok());
        }
    }
}
