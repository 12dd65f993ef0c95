//! Reference tables computed from the models: the DR ladder, the RTT table.

use super::Invocation;

pub fn dr_ladder(inv: &Invocation) -> Result<String, String> {
    Err(format!("`{}` is not available yet", inv.name))
}

pub fn rtt_table(inv: &Invocation) -> Result<String, String> {
    Err(format!("`{}` is not available yet", inv.name))
}
