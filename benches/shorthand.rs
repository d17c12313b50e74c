//! Shorthand and argument-list benchmarks: `shorthand::parse` of typical option values
//! and of a 10 KB one, and `cliargs::parse_arguments` of realistic command lines (the
//! argument table, argv scan, shorthand, JSON and coercion against the model).
//!
//! `cargo bench --bench shorthand` (add `-- --quick` for a fast pass).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use chime_shape::cliargs::{self, SystemEnvironment};
use chime_shape::model;
use chime_shape::shorthand;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// `aws chime-sdk-meetings create-meeting --meeting-features ...`.
const NESTED: &str = "Audio={EchoReduction=UNAVAILABLE},Video={MaxResolution=HD},Content={MaxResolution=FHD},Attendee={MaxCount=2}";
/// `--tags Key=...,Value=...` (one word of a list of structures).
const PAIR: &str = "Key=cost-center,Value=engineering";
/// `--notifications-configuration` with three ARNs.
const ARNS: &str = "LambdaFunctionArn=arn:aws:lambda:us-east-1:111122223333:function:notify,\
                    SnsTopicArn=arn:aws:sns:us-east-1:111122223333:meetings,\
                    SqsQueueArn=arn:aws:sqs:us-east-1:111122223333:meetings";

/// About 10 KB of shorthand: a list of structures with nested lists, quoted values
/// (with escapes) and a map, the constructs a large hand-written value uses.
fn large_input() -> String {
    let mut s = String::from("Items=[");
    let mut i = 0;
    while s.len() < 10 * 1024 - 200 {
        if i > 0 {
            s.push(',');
        }
        write!(
            s,
            "{{Name=item-{i},Values=[a{i},b{i},'quoted, value {i}'],Attributes={{Color=blue,Size=\"{i}\\\" wide\"}},Enabled=true}}"
        )
        .expect("write to String");
        i += 1;
    }
    s.push_str("],Owner=team-a");
    s
}

fn parse(c: &mut Criterion) {
    let large = large_input();
    let mut group = c.benchmark_group("shorthand/parse");
    for (name, input) in [("pair", PAIR), ("nested", NESTED), ("arns", ARNS), ("10KB", large.as_str())] {
        shorthand::parse(input).expect("benchmark input parses");
        group.throughput(Throughput::Bytes(u64::try_from(input.len()).expect("size fits u64")));
        group.bench_function(name, |b| b.iter(|| shorthand::parse(black_box(input))));
    }
    group.finish();
}

fn words(args: &[&str]) -> Vec<String> {
    args.iter().map(|&a| a.to_owned()).collect()
}

fn arguments(c: &mut Criterion) {
    let meetings = model::load_embedded("chime-sdk-meetings").expect("embedded model loads");
    let create_meeting = meetings.operation("create-meeting").expect("operation exists");
    let shorthand_args = words(&[
        "--client-request-token",
        "0b6c8f7e-5a1d-4c1e-9d7a-1f2e3d4c5b6a",
        "--media-region",
        "us-west-2",
        "--meeting-host-id",
        "host-1",
        "--external-meeting-id",
        "standup-2024-01-02",
        "--notifications-configuration",
        ARNS,
        "--meeting-features",
        NESTED,
        "--tenant-ids",
        "tenant-a",
        "tenant-b",
        "--tags",
        PAIR,
        "Key=team,Value=chime",
        "--media-placement-network-type",
        "DualStack",
    ]);

    let chime = model::load_embedded("chime").expect("embedded model loads");
    let update_user = chime.operation("update-user").expect("operation exists");
    let json_args = words(&[
        "--cli-input-json",
        r#"{"AccountId": "12a3456b-7c89-012d-3456-78901e23fg45", "UserId": "1ab2345c-67de-8901-f23g-45h678901j2k",
            "LicenseType": "Pro", "UserType": "PrivateUser",
            "AlexaForBusinessMetadata": {"IsAlexaForBusinessEnabled": true,
                "AlexaForBusinessRoomArn": "arn:aws:a4b:us-east-1:111122223333:room/example"}}"#,
        "--license-type",
        "Basic",
    ]);

    let mut group = c.benchmark_group("cliargs/parse_arguments");
    for (name, model, op, args) in [
        ("create-meeting/shorthand", &meetings, create_meeting, &shorthand_args),
        ("update-user/cli-input-json", &chime, update_user, &json_args),
    ] {
        cliargs::parse_arguments(model, op, args, &SystemEnvironment).expect("benchmark command line parses");
        group.bench_function(name, |b| {
            b.iter(|| cliargs::parse_arguments(model, op, black_box(args), &SystemEnvironment));
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = parse, arguments
}
criterion_main!(benches);
