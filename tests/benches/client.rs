//! Client overhead: each generated client against a hand-written `reqwest` +
//! `serde` equivalent doing the same requests to the same keep-alive server
//! on 127.0.0.1, and decoding with generated types against hand-written
//! structs.
//!
//! The two sides are measured in alternating rounds (A B, B A, A B, …) in one
//! process, so that drift of this noisy machine hits both alike; each round
//! gives a throughput ratio generated / hand-written, and the report is the
//! median ratio with its quartiles. `BENCH_ROUNDS` sets the rounds (default
//! 30). Results go to stdout and `target/benchmarks/client.json`, which
//! `cargo xtask bench` turns into BENCHMARKS.md.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use api_tests::{CannedResponse, KeepAliveServer, workspace_root};
use serde_json::json;

const TOKEN: &str = "sk_test_benchmark";

/// The same data as the generated types, written by hand the usual way.
// Fields are decoded to be measured, not read.
#[allow(dead_code)]
mod handwritten {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Deserialize)]
    pub struct AccountList {
        pub accounts: Vec<Account>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Account {
        #[serde(rename = "accountId")]
        pub account_id: String,
        #[serde(rename = "createdAt")]
        pub created_at: chrono::DateTime<chrono::Utc>,
        pub name: String,
        #[serde(rename = "phoneId")]
        pub phone_id: String,
        pub status: Status,
        #[serde(rename = "stripeSubscriptionId")]
        pub stripe_subscription_id: String,
        #[serde(deserialize_with = "Option::deserialize")]
        pub username: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Status {
        PendingCreation,
        WarmingUp,
        Ready,
        Cancelled,
        #[serde(untagged)]
        Other(String),
    }

    /// Owned fields, as a request type usually has (the generated one too).
    #[derive(Debug, Serialize)]
    pub struct CreateSubaccount {
        pub username: String,
        pub email: String,
        pub password: String,
        pub credit_type: CreditType,
    }

    #[derive(Debug, Serialize)]
    #[serde(rename_all = "snake_case")]
    pub enum CreditType {
        OneTimeCredit,
    }

    /// `GET /v1/partners/accounts?partnerUserId=…`, decoded.
    pub async fn list_accounts(
        http: &reqwest::Client,
        base_url: &str,
        token: &str,
        partner_user_id: &str,
    ) -> Result<AccountList, String> {
        let response = http
            .get(format!("{base_url}/v1/partners/accounts"))
            .query(&[("partnerUserId", partner_user_id)])
            .bearer_auth(token)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|error| error.to_string())?;
        if !response.status().is_success() {
            return Err(response.status().to_string());
        }
        response.json().await.map_err(|error| error.to_string())
    }

    /// `POST /v6/subaccounts` with a JSON body.
    pub async fn create_subaccount(
        http: &reqwest::Client,
        base_url: &str,
        token: &str,
        body: &CreateSubaccount,
    ) -> Result<(), String> {
        let response = http
            .post(format!("{base_url}/v6/subaccounts"))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .map_err(|error| error.to_string())?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(response.status().to_string())
        }
    }
}

/// The hand-written side's HTTP client, configured as the generated default
/// is (timeouts, user agent), as production code would be.
fn handwritten_http() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(infinipost::DEFAULT_CONNECT_TIMEOUT)
        .timeout(infinipost::DEFAULT_TIMEOUT)
        .user_agent("handwritten/1.0")
        .build()
        .expect("HTTP client")
}

/// A body of `count` accounts, with every status and some null usernames.
fn accounts_body(count: usize) -> Vec<u8> {
    let statuses = ["pending_creation", "warming_up", "ready", "cancelled"];
    let accounts: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            json!({
                "accountId": format!("acc_{i:08}"),
                "name": format!("Creator {i}"),
                "username": if i % 5 == 0 { serde_json::Value::Null } else { json!(format!("creator{i}")) },
                "status": statuses[i % statuses.len()],
                "phoneId": format!("phone_{i}"),
                "stripeSubscriptionId": format!("sub_{i:010}"),
                "createdAt": "2024-04-21T19:30:00Z",
            })
        })
        .collect();
    serde_json::to_vec(&json!({ "accounts": accounts })).expect("JSON")
}

/// One comparison's per-round times (generated, hand-written).
struct Comparison {
    name: String,
    operations_per_round: usize,
    rounds: Vec<(Duration, Duration)>,
}

impl Comparison {
    fn ratios(&self) -> Vec<f64> {
        let mut ratios: Vec<f64> = self
            .rounds
            .iter()
            .map(|(generated, handwritten)| handwritten.as_secs_f64() / generated.as_secs_f64())
            .collect();
        ratios.sort_by(f64::total_cmp);
        ratios
    }

    fn per_operation(&self, pick: impl Fn(&(Duration, Duration)) -> Duration) -> Vec<f64> {
        let mut micros: Vec<f64> = self
            .rounds
            .iter()
            .map(|round| pick(round).as_secs_f64() * 1e6 / self.operations_per_round as f64)
            .collect();
        micros.sort_by(f64::total_cmp);
        micros
    }

    fn json(&self) -> serde_json::Value {
        let summary = |sorted: &[f64]| {
            json!({
                "median": quantile(sorted, 0.5),
                "p25": quantile(sorted, 0.25),
                "p75": quantile(sorted, 0.75),
            })
        };
        json!({
            "name": self.name,
            "rounds": self.rounds.len(),
            "operations_per_round": self.operations_per_round,
            "generated_us": summary(&self.per_operation(|round| round.0)),
            "handwritten_us": summary(&self.per_operation(|round| round.1)),
            "ratio": summary(&self.ratios()),
        })
    }
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let position = q * (sorted.len() - 1) as f64;
    let (low, high) = (position.floor() as usize, position.ceil() as usize);
    sorted[low] + (sorted[high] - sorted[low]) * (position - low as f64)
}

/// Times `operations` runs of `generated` and of `handwritten` per round,
/// alternating which goes first.
async fn interleave<G, GF, H, HF>(
    name: &str,
    rounds: usize,
    operations: usize,
    mut generated: G,
    mut handwritten: H,
) -> Comparison
where
    G: FnMut() -> GF,
    GF: Future<Output = ()>,
    H: FnMut() -> HF,
    HF: Future<Output = ()>,
{
    // Warm both up (connections, allocator, caches) before measuring.
    for _ in 0..operations.min(20) {
        generated().await;
        handwritten().await;
    }
    let mut times = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let mut generated_time = Duration::ZERO;
        let mut handwritten_time = Duration::ZERO;
        for side in [round % 2, 1 - round % 2] {
            let started = Instant::now();
            for _ in 0..operations {
                if side == 0 {
                    generated().await;
                } else {
                    handwritten().await;
                }
            }
            let elapsed = started.elapsed();
            if side == 0 {
                generated_time = elapsed;
            } else {
                handwritten_time = elapsed;
            }
        }
        times.push((generated_time, handwritten_time));
    }
    let comparison = Comparison {
        name: name.to_owned(),
        operations_per_round: operations,
        rounds: times,
    };
    let ratios = comparison.ratios();
    println!(
        "{name:<28} generated {:>10.1} µs  hand-written {:>10.1} µs  ratio {:.3} [{:.3}, {:.3}]",
        quantile(&comparison.per_operation(|round| round.0), 0.5),
        quantile(&comparison.per_operation(|round| round.1), 0.5),
        quantile(&ratios, 0.5),
        quantile(&ratios, 0.25),
        quantile(&ratios, 0.75),
    );
    comparison
}

async fn run(filter: Option<String>, rounds: usize) -> Vec<Comparison> {
    // A filter names a case (`list_accounts/1`) or a family (`list_accounts`).
    let wanted = |name: &str| {
        filter
            .as_deref()
            .is_none_or(|filter| name == filter || name.starts_with(&format!("{filter}/")))
    };
    let mut results = Vec::new();

    // Rounds of about 0.1 s a side: shorter ones let scheduling noise
    // swamp a difference of a few per cent.
    for (count, operations) in [(1, 1000), (100, 400), (10_000, 6)] {
        let name = format!("list_accounts/{count}");
        if !wanted(&name) {
            continue;
        }
        let body = Arc::new(CannedResponse {
            status: 200,
            content_type: Some("application/json"),
            headers: Vec::new(),
            body: accounts_body(count),
        });
        let server = KeepAliveServer::start(move |_| Arc::clone(&body)).await;
        let generated =
            infinipost::Client::from_bearer_token_with_base_url(&server.base_url, TOKEN)
                .expect("client builds");
        let http = handwritten_http();
        let base_url = server.base_url.clone();
        results.push(
            interleave(
                &name,
                rounds,
                operations,
                // Each side builds its request inside its future, as a
                // caller writing `client.op().send().await` does: a request
                // future made outside and moved in costs a copy of it.
                || {
                    let generated = &generated;
                    async move {
                        let accounts = generated
                            .list_accounts()
                            .partner_user_id("user_abc123")
                            .send()
                            .await
                            .expect("generated list")
                            .into_inner();
                        assert_eq!(accounts.accounts.len(), count);
                    }
                },
                || {
                    let (http, base_url) = (&http, &base_url);
                    async move {
                        let accounts =
                            handwritten::list_accounts(http, base_url, TOKEN, "user_abc123")
                                .await
                                .expect("hand-written list");
                        assert_eq!(accounts.accounts.len(), count);
                    }
                },
            )
            .await,
        );
    }

    if wanted("create_subaccount") {
        let success = Arc::new(CannedResponse::json(200, &json!({ "status": "success" })));
        let server = KeepAliveServer::start(move |_| Arc::clone(&success)).await;
        let generated = pepipost::Client::from_bearer_token_with_base_url(&server.base_url, TOKEN)
            .expect("client builds");
        let http = handwritten_http();
        let base_url = server.base_url.clone();
        results.push(
            interleave(
                "create_subaccount",
                rounds,
                1000,
                || {
                    let generated = &generated;
                    async move {
                        generated
                            .create_subaccount()
                            .body(
                                pepipost::types::CreateSubaccountRequest::builder()
                                    .username("subaccount1".to_owned())
                                    .email("subaccount1@example.com".to_owned())
                                    .password("Securepassword123".to_owned())
                                    .credit_type(pepipost::types::CreditType::OneTimeCredit),
                            )
                            .send()
                            .await
                            .expect("generated create");
                    }
                },
                || {
                    let (http, base_url) = (&http, &base_url);
                    async move {
                        let body = handwritten::CreateSubaccount {
                            username: "subaccount1".to_owned(),
                            email: "subaccount1@example.com".to_owned(),
                            password: "Securepassword123".to_owned(),
                            credit_type: handwritten::CreditType::OneTimeCredit,
                        };
                        handwritten::create_subaccount(http, base_url, TOKEN, &body)
                            .await
                            .expect("hand-written create");
                    }
                },
            )
            .await,
        );
    }

    if wanted("decode/10000") {
        let body = accounts_body(10_000);
        results.push(
            interleave(
                "decode/10000",
                rounds,
                4,
                || {
                    let decoded: infinipost::types::AccountList =
                        serde_json::from_slice(&body).expect("generated types decode");
                    assert_eq!(decoded.accounts.len(), 10_000);
                    std::future::ready(())
                },
                || {
                    let decoded: handwritten::AccountList =
                        serde_json::from_slice(&body).expect("hand-written structs decode");
                    assert_eq!(decoded.accounts.len(), 10_000);
                    std::future::ready(())
                },
            )
            .await,
        );
    }
    results
}

fn main() {
    // `cargo bench` passes `--bench` (and any filter); flags are not ours.
    let filter = std::env::args().skip(1).find(|arg| !arg.starts_with('-'));
    let rounds = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(30);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let results = runtime.block_on(run(filter, rounds));
    let report = json!({
        "rounds": rounds,
        "comparisons": results.iter().map(Comparison::json).collect::<Vec<_>>(),
    });
    let dir = workspace_root().join("target").join("benchmarks");
    let written = std::fs::create_dir_all(&dir).and_then(|()| {
        std::fs::write(
            dir.join("client.json"),
            serde_json::to_vec_pretty(&report).unwrap_or_default(),
        )
    });
    if let Err(error) = written {
        eprintln!("could not write target/benchmarks/client.json: {error}");
    }
}
