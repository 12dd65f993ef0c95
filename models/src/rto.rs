//! Recovery time objective: how long until traffic is served again.
//!
//! Failover runs as steps in sequence, the same rule for every preset:
//! detection (health-check interval × failure threshold), a decision,
//! database promotion, restore, scale-up; then traffic moves. A step a
//! design does not have is zero (nothing to promote with a multi-writer or
//! consensus database, nothing to scale in a full-size standby); no step
//! overlaps another. With anycast everyone moves at once. With DNS, clients
//! that respect the TTL move at times spread evenly over the TTL, and the
//! share that ignores it (a JVM caching DNS for the process lifetime) moves
//! evenly over its cache lifetime: the long tail that kept 5 % of traffic
//! broken two hours after a five-minute failover.
//!
//! Defaults and where they come from:
//!
//! - detection: Route 53 health checks, 30 s interval, 3 failures (Route 53
//!   Developer Guide); fast checks are 10 s;
//! - decision: **15 minutes, an assumption**: about 5 minutes to page and
//!   acknowledge, 5 to confirm that the region (not your own change) is at
//!   fault, 5 to approve a promotion that may lose the unreplicated writes.
//!   Cross-region database promotion is an operator action (Aurora's
//!   `FailoverGlobalCluster`), and the guide recommends a person decides it.
//!   `rto_automatic_s` is the same failover with the decision at zero: what
//!   scripted, pre-approved promotion buys, if that script runs outside the
//!   failed region;
//! - promotion 60 s (Aurora Global Database: promotion in about a minute);
//! - scale-up 300 s: an assumption for a warm standby's auto scaling;
//! - DNS TTL 60 s (Route 53's recommendation for failover records; alias
//!   records to ELB and S3 website endpoints are fixed at 60 s); 5 % of
//!   clients ignore it for 2 hours (one practitioner's account, in Abhishek
//!   Patel's article "Multi-Region Architecture: Most Apps Don't Need It";
//!   "TTL Violation of DNS Resolvers in the Wild", Bhowmick et al., PAM
//!   2023, found 8.74 % of 8,524 measurable resolvers extending TTLs).

use serde::{Deserialize, Serialize};

use crate::fields::Inputs as _;
use crate::figures::{Collector, Figures};
use crate::registry::{self, Layout, Model, ModelDef};
use crate::{ModelError, Strategy};

named_enum! {
    /// How traffic reaches the recovery region.
    pub enum Routing in "routing" {
        /// DNS failover records (Route 53, Cloudflare DNS-only): bound by TTLs.
        Dns = "dns", "DNS";
        /// Anycast addresses (Global Accelerator): no client cache to expire.
        Anycast = "anycast", "Anycast";
    }
}

inputs! {
    /// Inputs of the RTO model. `Default` is a warm-standby active-passive
    /// setup behind Route 53 failover records, with a person deciding
    /// (1,410 s; 510 s when the promotion is scripted).
    pub struct RtoInputs {
        health_check_interval_s: f64 = number(30.0, 1.0, 600.0, Seconds, "Health-check interval",
            "Health-check interval (Route 53: 30 s standard, 10 s fast)."),
        failure_threshold: u32 = integer(3, 1, 10, Count, "Failed checks before failover",
            "Failed checks before the endpoint is declared down (Route 53: 1–10, default 3)."),
        /// Time for someone (or something) to decide to fail over.
        decision_s: f64 = number(DECISION_S, 0.0, 86_400.0, Seconds, "Decision time",
            "Time to decide to fail over. Assumption: 15 min for a person (page and acknowledge, confirm the region is at fault, approve a promotion that may lose writes); 0 with scripted, pre-approved promotion running outside the failed region."),
        db_promotion_s: f64 = number(60.0, 0.0, 86_400.0, Seconds, "Database promotion",
            "Promoting the standby database (Aurora Global Database: about a minute); 0 with a multi-writer or consensus database."),
        /// Restoring data and redeploying infrastructure (backup and restore).
        restore_s: f64 = number(0.0, 0.0, 604_800.0, Seconds, "Restore and redeploy",
            "Restoring data from backup and redeploying infrastructure (backup and restore only)."),
        scale_up_s: f64 = number(300.0, 0.0, 86_400.0, Seconds, "Scale-up",
            "Scaling the standby up to full capacity (assumption: 5 min for a warm standby's auto scaling; 0 for a full-size standby)."),
        routing: Routing = choice(Routing::Dns, "Traffic routing",
            "How traffic moves: DNS failover records (bound by TTLs) or anycast (no client cache)."),
        dns_ttl_s: f64 = number(60.0, 0.0, 86_400.0, Seconds, "DNS TTL",
            "TTL of the failover records (Route 53 recommends 60 s or less; alias records to ELB and S3 website endpoints are fixed at 60 s, other aliases use their target's TTL)."),
        /// Share of clients that ignore the DNS TTL (0–1).
        ttl_ignoring_share: f64 = number(0.05, 0.0, 1.0, Fraction, "Clients that ignore the TTL",
            "Share of clients that ignore the TTL (5 % in one practitioner's account in Abhishek Patel's article; 8.74 % of resolvers extend TTLs in Bhowmick et al., PAM 2023)."),
        /// How long those clients keep the old address, seconds.
        ttl_ignoring_lifetime_s: f64 = number(7_200.0, 0.0, 604_800.0, Seconds, "How long those clients cache",
            "How long TTL-ignoring clients keep the old address (a JVM caching DNS for the process lifetime: 2 h in the same practitioner's account)."),
    }
}

/// The RTO model in the registry.
pub static MODEL: ModelDef = ModelDef {
    name: "rto",
    title: prose!("RTO calculator: how long until traffic is served again"),
    about: prose!(
        "How long until traffic is served again: RTO, time to 95/99/100 %, traffic curve"
    ),
    assumptions: prose!(
        "\
One sequencing rule for every preset: detection (interval × threshold), decision, database \
promotion, restore, scale-up run one after another, then traffic moves; a step a design does \
not have is zero, and no step overlaps another.
The decision is an assumption: 15 minutes for a person to be paged, confirm the region is at \
fault and approve a promotion that may lose writes. The automatic RTO sets it to zero, which \
takes a scripted, pre-approved promotion that runs outside the failed region.
DNS: clients that respect the TTL return evenly over it, clients that ignore it evenly over \
their cache lifetime; the RTO is when every TTL-respecting client is back, and the share \
still failing then is shown. Anycast: everyone returns at once.
Presets are the DR ladder: backup-restore (2 h restore, 30 min scale-up, no promotion), \
pilot-light (20 min to start compute), warm-standby (the defaults), hot-standby (full size: \
promotion but no scale-up), active-active (10 s checks, nothing to decide, promote or scale, \
anycast)."
    ),
    fields: RtoInputs::FIELDS,
    presets: &Strategy::IDS,
    layout: Layout::List,
    data_input: None,
    uses: &[],
    headline: headline!(
        "RTO",
        [
            ("rto_s", "A person decides"),
            ("rto_automatic_s", "Scripted"),
        ]
    ),
    run: registry::run::<Rto>,
};

/// The decision step's default: a person deciding, in seconds (an
/// assumption, see the module documentation).
pub const DECISION_S: f64 = 900.0;

/// The RTO model's typed side.
pub struct Rto;

impl Model for Rto {
    type Inputs = RtoInputs;
    type Output = RtoOutput;

    fn def() -> &'static ModelDef {
        &MODEL
    }

    fn run(inputs: &RtoInputs) -> Result<RtoOutput, ModelError> {
        run(inputs)
    }

    fn preset(name: &str) -> Option<RtoInputs> {
        name.parse().ok().map(Strategy::rto_inputs)
    }
}

/// The failover steps, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RtoSteps {
    /// Health-check interval × failure threshold.
    pub detection_s: f64,
    pub decision_s: f64,
    pub promotion_s: f64,
    pub restore_s: f64,
    pub scale_up_s: f64,
}

impl RtoSteps {
    /// The time at which traffic starts to move.
    pub fn total(&self) -> f64 {
        self.detection_s + self.decision_s + self.promotion_s + self.restore_s + self.scale_up_s
    }
}

impl Figures for RtoSteps {
    fn figures(&self, c: &mut Collector) {
        fig!(c, self.detection_s, "Detection", Seconds);
        fig!(c, self.decision_s, "Decision", Seconds);
        fig!(c, self.promotion_s, "Database promotion", Seconds);
        fig!(c, self.restore_s, "Restore and redeploy", Seconds);
        fig!(c, self.scale_up_s, "Scale-up", Seconds);
    }
}

/// One point of the "share of traffic served vs time" curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// Seconds since the failure.
    pub t_s: f64,
    /// Share of traffic served, 0–1.
    pub share: f64,
}

impl Figures for CurvePoint {
    fn figures(&self, c: &mut Collector) {
        fig!(c, self.t_s, "Time since the failure", Seconds);
        fig!(c, self.share, "Share of traffic served", Fraction);
    }
}

/// The RTO model's output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RtoOutput {
    pub inputs: RtoInputs,
    pub steps: RtoSteps,
    /// When traffic starts to move: the sum of the steps.
    pub switch_s: f64,
    /// When every TTL-respecting client is back (`switch_s` + TTL; anycast:
    /// `switch_s`).
    pub rto_s: f64,
    /// The same failover with no decision step: scripted, pre-approved
    /// promotion.
    pub rto_automatic_s: f64,
    /// Share of traffic still failing at `rto_s` (the clients that ignore
    /// the TTL and have not moved yet).
    pub failing_at_rto: f64,
    /// When 95 %, 99 % and 100 % of traffic is served again.
    pub t95_s: f64,
    pub t99_s: f64,
    pub t100_s: f64,
    /// Share of traffic served over time, at most [`MAX_CURVE_POINTS`] points,
    /// dense in the first minutes and spread over the tail.
    pub curve: Vec<CurvePoint>,
}

impl Figures for RtoOutput {
    fn figures(&self, c: &mut Collector) {
        c.inputs(&self.inputs);
        fig!(c, self.steps, group "Failover steps");
        fig!(c, self.switch_s, "Traffic starts to move", Seconds);
        fig!(c, self.rto_s, "RTO", Seconds);
        fig!(
            c,
            self.rto_automatic_s,
            "RTO with scripted promotion (no decision)",
            Seconds
        );
        fig!(
            c,
            self.failing_at_rto,
            "Traffic still failing at the RTO",
            Fraction
        );
        fig!(c, self.t95_s, "95 % of traffic served", Seconds);
        fig!(c, self.t99_s, "99 % of traffic served", Seconds);
        fig!(c, self.t100_s, "100 % of traffic served", Seconds);
        fig!(c, self.curve, series "traffic curve");
    }
}

/// The most points the curve ever has.
pub const MAX_CURVE_POINTS: usize = 200;

/// Log-spaced samples after the switch (plus breakpoints and ends).
const LOG_SAMPLES: usize = 120;

impl RtoInputs {
    /// The failover steps these inputs give.
    pub fn steps(&self) -> RtoSteps {
        RtoSteps {
            detection_s: self.health_check_interval_s * f64::from(self.failure_threshold),
            decision_s: self.decision_s,
            promotion_s: self.db_promotion_s,
            restore_s: self.restore_s,
            scale_up_s: self.scale_up_s,
        }
    }

    /// How traffic returns after the switch.
    fn shift(&self) -> TrafficShift {
        match self.routing {
            Routing::Anycast => TrafficShift {
                ttl_s: 0.0,
                ignoring_share: 0.0,
                lifetime_s: 0.0,
            },
            Routing::Dns => TrafficShift {
                ttl_s: self.dns_ttl_s,
                ignoring_share: self.ttl_ignoring_share,
                lifetime_s: self.ttl_ignoring_lifetime_s,
            },
        }
    }
}

/// Runs the RTO model.
pub fn run(inputs: &RtoInputs) -> Result<RtoOutput, ModelError> {
    inputs.validate()?;
    let steps = inputs.steps();
    let switch_s = steps.total();
    let shift = inputs.shift();
    let rto_s = switch_s + shift.ttl_s;
    Ok(RtoOutput {
        inputs: inputs.clone(),
        steps,
        switch_s,
        rto_s,
        rto_automatic_s: rto_s - steps.decision_s,
        failing_at_rto: 1.0 - shift.share_after(shift.ttl_s),
        t95_s: switch_s + shift.time_to(0.95),
        t99_s: switch_s + shift.time_to(0.99),
        t100_s: switch_s + shift.time_to(1.0),
        curve: shift.curve(switch_s),
    })
}

/// Share of traffic served `t_s` seconds after the failure.
pub fn share_served(inputs: &RtoInputs, t_s: f64) -> f64 {
    let switch_s = inputs.steps().total();
    if t_s < switch_s {
        0.0
    } else {
        inputs.shift().share_after(t_s - switch_s)
    }
}

/// Traffic returning after the switch: the TTL-respecting share spreads evenly
/// over the TTL, the TTL-ignoring share over its cache lifetime.
struct TrafficShift {
    ttl_s: f64,
    ignoring_share: f64,
    lifetime_s: f64,
}

impl TrafficShift {
    /// Share served `x` seconds after the switch (x ≥ 0; at x = 0 the value
    /// just after the switch, so a zero TTL is a step).
    fn share_after(&self, x: f64) -> f64 {
        let q = self.ignoring_share;
        (1.0 - q) * ramp(x, self.ttl_s) + q * ramp(x, self.lifetime_s)
    }

    /// Seconds after the switch until the served share reaches `p`.
    ///
    /// The share is piecewise linear between the breakpoints 0, TTL and
    /// lifetime, so it is inverted exactly segment by segment. 100 % is when
    /// the last group with any clients is fully back.
    fn time_to(&self, p: f64) -> f64 {
        let q = self.ignoring_share;
        let respecting_done = if q < 1.0 { self.ttl_s } else { 0.0 };
        let ignoring_done = if q > 0.0 { self.lifetime_s } else { 0.0 };
        let done = respecting_done.max(ignoring_done);
        if p >= 1.0 {
            return done;
        }
        // Both are at least 0, so this is the three breakpoints in order
        // (no sort: the wasm carries no sorting code for it).
        let knots = [
            0.0,
            self.ttl_s.min(self.lifetime_s),
            self.ttl_s.max(self.lifetime_s),
        ];
        let mut a = 0.0;
        let mut share_a = self.share_after(0.0);
        if share_a >= p {
            return 0.0;
        }
        for b in knots.into_iter().skip(1) {
            let share_b = self.share_after(b);
            if share_b >= p && b > a {
                let x = a + (p - share_a) / (share_b - share_a) * (b - a);
                return x.clamp(a, b);
            }
            (a, share_a) = (b, share_b);
        }
        done
    }

    /// The curve: the outage (share 0 from the failure to the switch), then
    /// the breakpoints and log-spaced samples up to a little past 100 %.
    fn curve(&self, switch_s: f64) -> Vec<CurvePoint> {
        let full = self.time_to(1.0);
        let span = (full * 1.1).max(60.0);
        let mut offsets: Vec<f64> = log_spaced(1.0, span, LOG_SAMPLES);
        for x in [0.0, self.ttl_s, self.lifetime_s, full, span] {
            insert_breakpoint(&mut offsets, x, span);
        }

        let mut curve = Vec::with_capacity(offsets.len() + 2);
        curve.push(CurvePoint {
            t_s: 0.0,
            share: 0.0,
        });
        curve.push(CurvePoint {
            t_s: switch_s,
            share: 0.0,
        });
        for x in offsets {
            let point = CurvePoint {
                t_s: switch_s + x,
                share: self.share_after(x),
            };
            if curve.last() != Some(&point) {
                curve.push(point);
            }
        }
        curve.truncate(MAX_CURVE_POINTS);
        curve
    }
}

/// Puts `x` (at most `span`) into the ascending `offsets`, replacing a value
/// within a nanosecond of it, so breakpoints are exact and never doubled.
fn insert_breakpoint(offsets: &mut Vec<f64>, x: f64, span: f64) {
    if x > span {
        return;
    }
    let at = offsets.partition_point(|o| *o < x);
    let close = |i: usize| offsets.get(i).is_some_and(|o| (o - x).abs() < 1e-9);
    if close(at) {
        offsets[at] = x;
    } else if at > 0 && close(at - 1) {
        offsets[at - 1] = x;
    } else {
        offsets.insert(at, x);
    }
}

/// 0 → 1 linearly over `width` seconds; a zero width is an immediate step.
fn ramp(x: f64, width: f64) -> f64 {
    if width <= 0.0 {
        1.0
    } else {
        (x / width).clamp(0.0, 1.0)
    }
}

/// `n` points from `from` to `to` (both > 0), evenly spaced in log time.
/// libm keeps the points bit-identical natively and in wasm.
fn log_spaced(from: f64, to: f64, n: usize) -> Vec<f64> {
    if n < 2 || to <= from {
        return vec![from];
    }
    let ratio = to / from;
    let last = (n - 1) as f64;
    (0..n)
        .map(|i| from * libm::pow(ratio, i as f64 / last))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::with;

    /// The warm standby with scripted promotion (no decision step).
    fn scripted() -> RtoInputs {
        RtoInputs {
            decision_s: 0.0,
            ..Default::default()
        }
    }

    fn anycast_active_active() -> RtoInputs {
        RtoInputs {
            health_check_interval_s: 10.0,
            decision_s: 0.0,
            db_promotion_s: 0.0,
            scale_up_s: 0.0,
            routing: Routing::Anycast,
            ..Default::default()
        }
    }

    #[test]
    fn warm_standby_is_23_min_30_s_with_a_person_and_510_s_scripted() {
        let out = run(&RtoInputs::default()).unwrap();
        assert_eq!(out.steps.detection_s, 90.0);
        assert_eq!(out.steps.decision_s, 900.0);
        assert_eq!(out.switch_s, 1_350.0);
        assert_eq!(out.rto_s, 1_410.0);
        assert_eq!(crate::format::duration(out.rto_s), "23 min 30 s");
        assert_eq!(out.rto_automatic_s, 510.0);
        assert_eq!(crate::format::duration(out.rto_automatic_s), "8 min 30 s");
        let scripted = run(&scripted()).unwrap();
        assert_eq!(scripted.rto_s, 510.0);
        assert_eq!(scripted.rto_automatic_s, 510.0);
    }

    #[test]
    fn the_share_still_failing_at_the_rto_is_the_stuck_clients() {
        // 5 % ignore the TTL and return over 2 h; one TTL (60 s) in, 1/120
        // of them are back.
        let out = run(&RtoInputs::default()).unwrap();
        assert!((out.failing_at_rto - 0.05 * (1.0 - 60.0 / 7_200.0)).abs() < 1e-12);
        let half = run(&with(RtoInputs::default(), |i| i.ttl_ignoring_share = 0.5)).unwrap();
        assert!((half.failing_at_rto - 0.5 * (1.0 - 60.0 / 7_200.0)).abs() < 1e-12);
        assert_eq!(run(&anycast_active_active()).unwrap().failing_at_rto, 0.0);
    }

    #[test]
    fn active_active_anycast_is_30_s() {
        let out = run(&anycast_active_active()).unwrap();
        assert_eq!(out.rto_s, 30.0);
        assert_eq!(out.t95_s, 30.0);
        assert_eq!(out.t100_s, 30.0);
    }

    #[test]
    fn dns_reaches_95_percent_at_the_rto_and_100_only_after_two_hours() {
        let out = run(&scripted()).unwrap();
        assert!((out.t95_s - out.rto_s).abs() < 1.0, "t95 {}", out.t95_s);
        assert_eq!(out.t100_s, 450.0 + 7_200.0);
        assert!(out.t100_s >= 2.0 * 3_600.0);
        // 99 %: the stuck 5 % must be 4/5 back: 0.8 × 7,200 s after the switch.
        assert!(
            (out.t99_s - (450.0 + 5_760.0)).abs() < 1e-6,
            "t99 {}",
            out.t99_s
        );
        assert!((share_served(&scripted(), 510.0) - 0.9504).abs() < 1e-3);
    }

    #[test]
    fn curve_is_bounded_monotone_and_covers_both_ends() {
        let out = run(&scripted()).unwrap();
        let curve = &out.curve;
        assert!(curve.len() <= MAX_CURVE_POINTS);
        assert_eq!(
            curve[0],
            CurvePoint {
                t_s: 0.0,
                share: 0.0
            }
        );
        assert!(curve
            .windows(2)
            .all(|w| w[0].t_s <= w[1].t_s && w[0].share <= w[1].share));
        let first_minutes = curve
            .iter()
            .filter(|p| p.t_s > 450.0 && p.t_s <= 510.0)
            .count();
        assert!(
            first_minutes >= 10,
            "only {first_minutes} points in the TTL"
        );
        assert!(curve.iter().any(|p| p.t_s == 510.0));
        let last = curve.last().unwrap();
        assert!(last.t_s >= out.t100_s && last.share == 1.0);
    }

    #[test]
    fn anycast_curve_is_a_step() {
        let out = run(&anycast_active_active()).unwrap();
        assert_eq!(
            out.curve[1],
            CurvePoint {
                t_s: 30.0,
                share: 0.0
            }
        );
        assert_eq!(
            out.curve[2],
            CurvePoint {
                t_s: 30.0,
                share: 1.0
            }
        );
    }

    #[test]
    fn zero_ttl_and_everyone_ignoring_it() {
        let zero_ttl = with(scripted(), |i| i.dns_ttl_s = 0.0);
        let out = run(&zero_ttl).unwrap();
        assert_eq!(out.rto_s, 450.0);
        assert_eq!(out.t95_s, 450.0);
        let all_ignore = with(scripted(), |i| i.ttl_ignoring_share = 1.0);
        let out = run(&all_ignore).unwrap();
        assert_eq!(out.t100_s, 450.0 + 7_200.0);
        assert!((out.t95_s - (450.0 + 0.95 * 7_200.0)).abs() < 1e-6);
        let none_ignore = with(scripted(), |i| i.ttl_ignoring_share = 0.0);
        assert_eq!(run(&none_ignore).unwrap().t100_s, 510.0);
    }

    #[test]
    fn lifetime_shorter_than_ttl() {
        let inputs = with(scripted(), |i| i.ttl_ignoring_lifetime_s = 10.0);
        let out = run(&inputs).unwrap();
        assert_eq!(out.t100_s, 510.0);
        assert!(out.t95_s <= out.t99_s && out.t99_s <= out.t100_s);
    }
}
