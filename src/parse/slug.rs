//! Slugs: the URL-safe names of pages and the ids of headings.

/// Lowercases, keeps letters and digits (any script), turns every other run
/// of characters into one `-`, and trims dashes. Never empty.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            // Some capitals lowercase to a letter plus a combining mark; keep
            // only the letters so slugify stays idempotent.
            out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
        } else if c == '_' && !out.is_empty() {
            dash = false;
            out.push('_');
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Checks a slug given in front matter: one path segment, no traversal.
pub fn validate_slug(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        return Err("`slug` must not be empty".into());
    }
    if slug.contains('/') || slug.contains('\\') {
        return Err(format!(
            "`slug` must be one path segment without `/` (got `{slug}`)"
        ));
    }
    if slug == "." || slug == ".." || slug.starts_with('.') {
        return Err(format!("`slug` must not start with `.` (got `{slug}`)"));
    }
    if slug
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || "?#%\"<>".contains(c))
    {
        return Err(format!(
            "`slug` may hold letters, digits, `-` and `_` only (got `{slug}`)"
        ));
    }
    Ok(())
}

/// Hands out unique heading ids within one page: the second "Setup" becomes
/// `setup-1`, the third `setup-2`. Ids the theme's templates use (`main`)
/// are never handed out. Each base remembers its next suffix, so n equal
/// headings take linear time (20,000 took 22.7 s when every heading
/// counted up from 1).
#[derive(Debug, Default)]
pub struct IdAllocator {
    taken: std::collections::HashSet<String>,
    reserved: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

/// Why an explicit id cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdTaken {
    /// An earlier heading or element of the page has it.
    OnThePage,
    /// The theme's templates use it.
    ByTheTheme,
}

impl IdAllocator {
    /// An allocator that never hands out `reserved` (the theme's ids).
    pub fn with_reserved(reserved: impl IntoIterator<Item = String>) -> Self {
        IdAllocator {
            reserved: reserved.into_iter().collect(),
            ..Self::default()
        }
    }

    fn is_free(&self, id: &str) -> bool {
        !self.taken.contains(id) && !self.reserved.contains(id)
    }

    /// `base`, or `base-N` with the first free N.
    pub fn unique(&mut self, base: &str) -> String {
        if self.is_free(base) {
            self.taken.insert(base.to_string());
            return base.to_string();
        }
        let mut n = self.next.get(base).copied().unwrap_or(1);
        let id = loop {
            let candidate = format!("{base}-{n}");
            n += 1;
            if self.is_free(&candidate) {
                break candidate;
            }
        };
        self.next.insert(base.to_string(), n);
        self.taken.insert(id.clone());
        id
    }

    /// Takes an id written by the author (`{#setup}`), which is never
    /// renamed: a clash is the author's to resolve.
    pub fn claim(&mut self, id: &str) -> Result<(), IdTaken> {
        if self.reserved.contains(id) {
            return Err(IdTaken::ByTheTheme);
        }
        if !self.taken.insert(id.to_string()) {
            return Err(IdTaken::OnThePage);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Failover and DNS TTL"), "failover-and-dns-ttl");
        assert_eq!(
            slugify("  RPO & RTO: what sets them?  "),
            "rpo-rto-what-sets-them"
        );
        assert_eq!(slugify("Ünïcode héading"), "ünïcode-héading");
        assert_eq!(slugify("!!!"), "section");
        assert_eq!(slugify("a_b"), "a_b");
    }

    #[test]
    fn duplicate_ids_get_suffixes() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.unique("setup"), "setup");
        assert_eq!(ids.unique("setup"), "setup-1");
        assert_eq!(ids.unique("setup"), "setup-2");
        assert_eq!(ids.unique("setup-1"), "setup-1-1");
        assert_eq!(ids.claim("setup-4"), Ok(()));
        assert_eq!(ids.unique("setup"), "setup-3");
        assert_eq!(ids.unique("setup"), "setup-5");
        assert_eq!(ids.claim("setup-5"), Err(IdTaken::OnThePage));
    }

    #[test]
    fn theme_ids_are_never_handed_out() {
        let mut ids = IdAllocator::with_reserved(["main".to_string()]);
        assert_eq!(ids.unique("main"), "main-1");
        assert_eq!(ids.claim("main"), Err(IdTaken::ByTheTheme));
    }

    #[test]
    fn many_equal_headings_take_linear_time() {
        // Counted, not timed: the number of candidates tried stays linear.
        let mut ids = IdAllocator::default();
        for _ in 0..20_000 {
            ids.unique("setup");
        }
        assert_eq!(ids.next["setup"], 20_000);
        assert_eq!(ids.unique("setup"), "setup-20000");
    }

    #[test]
    fn bad_slugs() {
        assert!(validate_slug("..").is_err());
        assert!(validate_slug("/etc").is_err());
        assert!(validate_slug("a/../b").is_err());
        assert!(validate_slug("ok-slug").is_ok());
    }

    proptest! {
        #[test]
        fn slugify_is_safe_and_stable(s in any::<String>()) {
            let slug = slugify(&s);
            prop_assert!(!slug.is_empty());
            prop_assert!(!slug.contains('/') && !slug.contains('.') && !slug.contains('\\'));
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-'));
            prop_assert_eq!(slugify(&slug), slug.clone());
            prop_assert!(validate_slug(&slug).is_ok());
        }
    }
}
