//! Shortcodes over the models: figures in prose, calculators, charts, the DR
//! ladder and the RTT table. (Being wired as the models land.)

use super::Invocation;

pub fn figure(inv: &Invocation) -> Result<String, String> {
    Err(format!("`{}` is not available yet", inv.name))
}

pub fn calculator(inv: &Invocation) -> Result<String, String> {
    Err(format!("`{}` is not available yet", inv.name))
}

pub fn chart(inv: &Invocation) -> Result<String, String> {
    Err(format!("`{}` is not available yet", inv.name))
}

pub fn dr_ladder(inv: &Invocation) -> Result<String, String> {
    Err(format!("`{}` is not available yet", inv.name))
}

pub fn rtt_table(inv: &Invocation) -> Result<String, String> {
    Err(format!("`{}` is not available yet", inv.name))
}
