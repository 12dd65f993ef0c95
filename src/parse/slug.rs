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
/// `setup-1`, the third `setup-2`.
#[derive(Debug, Default)]
pub struct IdAllocator {
    seen: std::collections::HashSet<String>,
}

impl IdAllocator {
    pub fn unique(&mut self, base: &str) -> String {
        if self.seen.insert(base.to_string()) {
            return base.to_string();
        }
        let mut n = 1;
        loop {
            let candidate = format!("{base}-{n}");
            if self.seen.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
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
