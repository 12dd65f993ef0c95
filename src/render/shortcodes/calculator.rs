//! The `calculator` shortcode (being wired as the models land).

use super::Invocation;

pub fn calculator(inv: &Invocation) -> Result<String, String> {
    Err(format!("`{}` is not available yet", inv.name))
}
