//! Where a fact in a data file comes from: a title and an absolute link.
//!
//! Failure-mode cards and the round-trip-time table cite their sources as
//! `{ title = "...", url = "https://..." }`. The URL is checked when the data
//! file is read, so a typo fails the build at its line instead of shipping a
//! dead or relative link; `regionwise check --external` then keeps the links
//! alive.

use serde::{Deserialize, Deserializer, Serialize};

/// An absolute `http://` or `https://` address with a host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SourceUrl(String);

impl SourceUrl {
    /// Accepts `http(s)://host[:port][/path...]`; the host needs a dot (a
    /// public name, not `localhost` or a bare word), and nothing may be a
    /// space, a quote or an angle bracket.
    pub fn parse(text: &str) -> Result<SourceUrl, String> {
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .ok_or_else(|| {
                format!("a source `url` must start with https:// or http:// (got `{text}`)")
            })?;
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let host = rest[..host_end]
            .rsplit_once(':')
            .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()) && !port.is_empty())
            .map_or(&rest[..host_end], |(h, _)| h);
        let host_ok = host.contains('.')
            && !host.starts_with('.')
            && !host.ends_with('.')
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if !host_ok {
            return Err(format!(
                "a source `url` needs a host name such as docs.example.com (got `{text}`)"
            ));
        }
        if let Some(bad) = text
            .chars()
            .find(|c| c.is_whitespace() || c.is_control() || "\"'<>`\\".contains(*c))
        {
            return Err(format!(
                "a source `url` may not contain `{}` (got `{text}`)",
                bad.escape_default()
            ));
        }
        Ok(SourceUrl(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for SourceUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        SourceUrl::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// One cited source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// What the reader will find there ("AWS, summary of the 7 December
    /// 2021 us-east-1 event").
    pub title: String,
    pub url: SourceUrl,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_http_links_pass() {
        for ok in [
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/x.html",
            "http://example.com",
            "https://status.cloud.google.com/incidents/abc?x=1#y",
            "https://example.com:8443/a",
        ] {
            assert_eq!(SourceUrl::parse(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn relative_local_and_broken_links_fail() {
        for (bad, why) in [
            ("docs.aws.amazon.com/x", "must start with"),
            ("ftp://example.com/x", "must start with"),
            ("/reference/sources/", "must start with"),
            ("https://localhost/x", "host name"),
            ("https:///x", "host name"),
            ("https://exa mple.com", "host name"),
            ("https://example.com/a b", "may not contain"),
            ("https://example.com/\"x", "may not contain"),
        ] {
            let e = SourceUrl::parse(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn a_bad_url_in_toml_is_an_error_at_its_value() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Card {
            sources: Vec<Source>,
        }
        let text = "[[sources]]\ntitle = \"x\"\nurl = \"www.example.com\"\n";
        let e = toml::from_str::<Card>(text).unwrap_err();
        assert!(e.to_string().contains("must start with"), "{e}");
        assert_eq!(e.span().map(|s| &text[s]), Some("\"www.example.com\""));
    }
}
