//! An internal copy's accent colour, applied through the theme's CSS custom
//! properties.
//!
//! The rules are appended to `site.css` before it is fingerprinted rather
//! than written into the page: the CSP (`default-src 'self'`) forbids inline
//! styles, and this costs no extra request. The text colour on accent
//! backgrounds (`--accent-fg`) is chosen for contrast, so a light brand
//! colour does not leave white text unreadable.

use std::collections::BTreeMap;

use crate::config::Branding;
use crate::load::StaticFile;

/// Appends the branding rules to `site.css`, when there are any.
pub fn apply(branding: &Branding, statics: &mut BTreeMap<String, StaticFile>) {
    let Some(css) = accent_css(branding) else {
        return;
    };
    if let Some(file) = statics.get_mut("site.css") {
        file.bytes.to_mut().extend_from_slice(css.as_bytes());
    }
}

/// The CSS for the configured accent colours.
pub fn accent_css(branding: &Branding) -> Option<String> {
    let mut css = String::new();
    if let Some(light) = branding.accent_color.as_deref().and_then(Rgb::parse) {
        css.push_str("\n/* branding (regionwise.toml) */\n");
        css.push_str(&format!(":root {{ {} }}\n", vars(light)));
    }
    if let Some(dark) = branding.accent_color_dark.as_deref().and_then(Rgb::parse) {
        let vars = vars(dark);
        css.push_str(&format!(
            ":root[data-theme=\"dark\"] {{ {vars} }}\n\
             @media (prefers-color-scheme: dark) {{ :root:not([data-theme=\"light\"]) {{ {vars} }} }}\n"
        ));
    }
    (!css.is_empty()).then_some(css)
}

fn vars(c: Rgb) -> String {
    format!("--accent: {}; --accent-fg: {};", c.hex(), c.readable_text())
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Rgb(u8, u8, u8);

impl Rgb {
    /// `#rgb`, `#rrggbb` or `#rrggbbaa` (alpha ignored).
    fn parse(s: &str) -> Option<Rgb> {
        let hex = s.strip_prefix('#')?;
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        let nibble = |i: usize| u8::from_str_radix(hex.get(i..=i)?, 16).ok().map(|n| n * 17);
        match hex.len() {
            3 => Some(Rgb(nibble(0)?, nibble(1)?, nibble(2)?)),
            6 | 8 => Some(Rgb(byte(0)?, byte(2)?, byte(4)?)),
            _ => None,
        }
    }

    fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG relative luminance.
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// White or near-black, whichever contrasts more with this colour.
    fn readable_text(self) -> &'static str {
        let l = self.luminance();
        let on_white = 1.05 / (l + 0.05);
        let on_black = (l + 0.05) / (Rgb(0x0f, 0x14, 0x19).luminance() + 0.05);
        if on_white >= on_black {
            "#ffffff"
        } else {
            "#0f1419"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn branding(light: Option<&str>, dark: Option<&str>) -> Branding {
        Branding {
            accent_color: light.map(str::to_string),
            accent_color_dark: dark.map(str::to_string),
            ..Branding::default()
        }
    }

    #[test]
    fn no_colour_no_css() {
        assert_eq!(accent_css(&branding(None, None)), None);
    }

    #[test]
    fn text_on_the_accent_stays_readable() {
        let css = accent_css(&branding(Some("#0b6bcb"), Some("#ffd479"))).unwrap();
        assert!(
            css.contains(":root { --accent: #0b6bcb; --accent-fg: #ffffff; }"),
            "{css}"
        );
        assert!(
            css.contains(":root[data-theme=\"dark\"] { --accent: #ffd479; --accent-fg: #0f1419; }")
        );
        assert!(css.contains("prefers-color-scheme: dark"));
    }

    #[test]
    fn short_hex_expands() {
        assert_eq!(Rgb::parse("#f80"), Some(Rgb(0xff, 0x88, 0x00)));
        assert_eq!(Rgb::parse("#11223344"), Some(Rgb(0x11, 0x22, 0x33)));
        assert_eq!(Rgb::parse("red"), None);
    }
}
