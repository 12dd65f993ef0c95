//! External link checking for `check --external`.
//!
//! Links are checked concurrently, but never more than `per_host` at once
//! against one host (so a big site does not hammer one server or get
//! rate-limited), each with a timeout. HEAD first; servers that refuse HEAD
//! get a GET.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// How to check.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Requests in flight at once, over all hosts.
    pub total: usize,
    /// Requests in flight at once to one host.
    pub per_host: usize,
    /// For the whole request (connect, redirects, headers).
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            total: 8,
            per_host: 2,
            timeout: Duration::from_secs(10),
        }
    }
}

/// What checking one URL found: the final status, or why it failed.
pub type Outcome = Result<u16, String>;

/// Checks every URL (duplicates are checked once); results in URL order.
pub fn check_all(urls: &[String], limits: &Limits) -> BTreeMap<String, Outcome> {
    let mut queues: HashMap<String, VecDeque<String>> = HashMap::new();
    let mut unique: Vec<&String> = urls.iter().collect();
    unique.sort();
    unique.dedup();
    for url in unique {
        queues.entry(host(url)).or_default().push_back(url.clone());
    }
    let pool = Pool {
        state: Mutex::new(State {
            queues,
            active: HashMap::new(),
            results: BTreeMap::new(),
        }),
        changed: Condvar::new(),
    };
    let agent = agent(limits.timeout);
    std::thread::scope(|s| {
        for _ in 0..limits.total.max(1) {
            s.spawn(|| pool.work(&agent, limits.per_host.max(1)));
        }
    });
    pool.state
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .results
}

struct State {
    /// URLs still to check, by host.
    queues: HashMap<String, VecDeque<String>>,
    /// Requests in flight, by host.
    active: HashMap<String, usize>,
    results: BTreeMap<String, Outcome>,
}

struct Pool {
    state: Mutex<State>,
    changed: Condvar,
}

impl Pool {
    /// Takes URLs whose host is below its limit until none are left.
    fn work(&self, agent: &ureq::Agent, per_host: usize) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if state.queues.values().all(VecDeque::is_empty) {
                self.changed.notify_all();
                return;
            }
            let next = state
                .queues
                .iter()
                .find(|(h, q)| {
                    !q.is_empty() && state.active.get(*h).copied().unwrap_or(0) < per_host
                })
                .map(|(h, _)| h.clone());
            let Some(host) = next else {
                state = self.changed.wait(state).unwrap_or_else(|p| p.into_inner());
                continue;
            };
            let Some(url) = state.queues.get_mut(&host).and_then(VecDeque::pop_front) else {
                continue;
            };
            *state.active.entry(host.clone()).or_default() += 1;
            drop(state);
            let outcome = check_one(agent, &url);
            state = self.state.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(n) = state.active.get_mut(&host) {
                *n -= 1;
            }
            state.results.insert(url, outcome);
            self.changed.notify_all();
        }
    }
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(5)
        .user_agent(concat!("regionwise-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// HEAD, then GET when the server does not do HEAD.
fn check_one(agent: &ureq::Agent, url: &str) -> Outcome {
    let target = url.split('#').next().unwrap_or(url);
    let status = match agent.head(target).call() {
        Ok(r) => r.status().as_u16(),
        Err(e) => return Err(e.to_string()),
    };
    let status = if matches!(status, 403 | 405 | 501) {
        match agent.get(target).call() {
            Ok(r) => r.status().as_u16(),
            Err(e) => return Err(e.to_string()),
        }
    } else {
        status
    };
    if (200..400).contains(&status) {
        Ok(status)
    } else {
        Err(format!("HTTP {status}"))
    }
}

/// `scheme://host:port` of a URL (the unit of the per-host limit).
fn host(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    format!("{scheme}://{}", authority.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_group_by_authority() {
        assert_eq!(host("https://Example.com/a?b"), "https://example.com");
        assert_eq!(host("http://127.0.0.1:8080#x"), "http://127.0.0.1:8080");
        assert_eq!(host("https://u:p@h.io/x"), "https://h.io");
    }
}
