//! Every list is paginated.

use serde::{Deserialize, Serialize};

pub const PAGE_SIZE: u64 = 25;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    /// 1-based.
    pub page: u64,
    pub per_page: u64,
}

impl PageRequest {
    pub fn new(page: Option<u64>) -> Self {
        PageRequest {
            page: page.unwrap_or(1).max(1),
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
    }
}
