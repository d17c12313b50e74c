//! `parse` with other services as the AWS CLI presents them: its service
//! names (`aws configservice` for the `config` model), pagination options
//! as `PaginationConfig` (paginators beside `--model`, and embedded for the
//! Chime family), streaming output files, the CLI's argument
//! customisations, and commands that are no model operation.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::{code, root, run, stderr, stdout};

/// A `config/2014-11-12/service-2.json` (as botocore lays it out) with a
/// paginated operation and a streaming output one, and its paginators.
/// Each call writes its own directory ([`common::fresh_temp_dir`]): tests
/// run in parallel, and one rewriting a file another was reading made that
/// one read it empty.
fn config_model() -> PathBuf {
    let dir = common::fresh_temp_dir("services").join("config/2014-11-12");
    std::fs::create_dir_all(&dir).unwrap();
    let model = serde_json::json!({
        "version": "2.0",
        "metadata": {"apiVersion": "2014-11-12", "endpointPrefix": "config", "protocol": "json",
                     "serviceId": "Config Service", "serviceFullName": "AWS Config"},
        "operations": {
            "DescribeConfigRules": {"name": "DescribeConfigRules", "input": {"shape": "Rules"}},
            "GetBlob": {"name": "GetBlob", "input": {"shape": "BlobIn"}, "output": {"shape": "BlobOut"}}
        },
        "shapes": {
            "Rules": {"type": "structure", "members": {
                "ConfigRuleNames": {"shape": "Names"}, "NextToken": {"shape": "S"}, "Limit": {"shape": "I"}}},
            "Names": {"type": "list", "member": {"shape": "S"}},
            "BlobIn": {"type": "structure", "required": ["Id"], "members": {"Id": {"shape": "S"}}},
            "BlobOut": {"type": "structure", "members": {"Body": {"shape": "B"}}, "payload": "Body"},
            "B": {"type": "blob", "streaming": true},
            "S": {"type": "string"},
            "I": {"type": "integer"}
        }
    });
    std::fs::write(dir.join("service-2.json"), model.to_string()).unwrap();
    let paginators = serde_json::json!({"pagination": {"DescribeConfigRules": {
        "input_token": "NextToken", "output_token": "NextToken", "limit_key": "Limit", "result_key": "ConfigRules"}}});
    std::fs::write(dir.join("paginators-1.json"), paginators.to_string()).unwrap();
    dir.join("service-2.json")
}

fn parse(model: &Path, line: &str) -> std::process::Output {
    let mut args = vec!["--model", model.to_str().unwrap(), "parse", "--no-validate"];
    args.extend(line.split_whitespace());
    run(&args)
}

fn json(out: &std::process::Output) -> serde_json::Value {
    assert_eq!(code(out), 0, "{}", stderr(out));
    serde_json::from_str(&stdout(out)).unwrap()
}

#[test]
fn the_cli_s_service_names_are_accepted() {
    let model = config_model();
    for service in ["configservice", "config"] {
        let out = parse(&model, &format!("aws {service} describe-config-rules --config-rule-names a b"));
        assert_eq!(json(&out), serde_json::json!({"ConfigRuleNames": ["a", "b"]}));
    }
    let out = parse(&model, "aws s3api describe-config-rules");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("the AWS CLI calls it `aws configservice`"), "{}", stderr(&out));
}

#[test]
fn pagination_options_become_pagination_config() {
    let model = config_model();
    let out = parse(
        &model,
        "aws configservice describe-config-rules --max-items 2 --page-size 5 --starting-token t",
    );
    // In the CLI's table order: --starting-token, --page-size, --max-items.
    assert!(stdout(&out).find("StartingToken") < stdout(&out).find("MaxItems"));
    assert_eq!(
        json(&out),
        serde_json::json!({"PaginationConfig": {"StartingToken": "t", "PageSize": 5, "MaxItems": 2}})
    );
    // A token option turns paging off, and the pagination options with it.
    let out = parse(&model, "aws configservice describe-config-rules --next-token n --max-items 2");
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("Cannot specify --no-paginate along with pagination arguments: --max-items")
    );
    let out = parse(&model, "aws configservice describe-config-rules --no-paginate --limit 3");
    assert_eq!(json(&out), serde_json::json!({"Limit": 3}));
    let out = parse(&model, "aws configservice describe-config-rules --max-items two");
    assert_eq!(code(&out), 2);
    // Not paginated: the CLI does not know the options.
    let out = parse(&model, "aws configservice get-blob --id x --max-items 2 out.bin");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--max-items"), "{}", stderr(&out));
    // The embedded Chime paginators.
    let out = run(&["parse", "--no-validate", "aws", "chime", "list-accounts", "--max-items", "3"]);
    assert_eq!(json(&out), serde_json::json!({"PaginationConfig": {"MaxItems": 3}}));
}

#[test]
fn streaming_output_takes_an_output_file() {
    let model = config_model();
    let out = parse(&model, "aws configservice get-blob --id x out.bin");
    assert_eq!(json(&out), serde_json::json!({"Id": "x"}));
    assert!(stderr(&out).contains("output file `out.bin`"), "{}", stderr(&out));
    let out = parse(&model, "aws configservice get-blob --id x");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("outfile"), "{}", stderr(&out));
    let out = parse(&model, "aws configservice get-blob --id x a b");
    assert_eq!(code(&out), 2);
}

#[test]
fn commands_that_are_no_operation_are_refused_plainly() {
    for line in
        ["aws s3 cp a s3://b/a", "aws ec2 wait instance-running", "aws cloudformation deploy --stack-name s"]
    {
        let mut args = vec!["parse"];
        args.extend(line.split_whitespace());
        let out = run(&args);
        assert_eq!(code(&out), 2, "{line}");
        assert!(stderr(&out).contains("no request document to build"), "{line}: {}", stderr(&out));
    }
}

/// The trimmed botocore models of the examples sample.
fn example_model(service: &str) -> PathBuf {
    root().join("tests/data/cli-examples-models").join(service).join("service-2.json.gz")
}

#[test]
fn ec2_security_group_options_build_ip_permissions() {
    let model = example_model("ec2");
    let out = parse(
        &model,
        "aws ec2 authorize-security-group-ingress --group-id sg-1 --protocol all --port 22-25 --cidr 10.0.0.0/8 --source-group sg-2 --group-owner 1234",
    );
    assert_eq!(
        json(&out),
        serde_json::json!({"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "-1", "FromPort": 22, "ToPort": 25,
            "IpRanges": [{"CidrIp": "10.0.0.0/8"}], "UserIdGroupPairs": [{"GroupId": "sg-2", "UserId": "1234"}]}]})
    );
    let out = parse(&model, "aws ec2 authorize-security-group-ingress --group-id sg-1 --port x");
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("port parameter should be of the form"), "{}", stderr(&out));
    let out = parse(
        &model,
        "aws ec2 authorize-security-group-ingress --group-id sg-1 --port 22 --ip-permissions IpProtocol=tcp",
    );
    assert!(stderr(&out).contains("not compatible with the --ip-permissions option"), "{}", stderr(&out));
    // --ingress is the CLI's name for --no-egress.
    let out =
        parse(&model, "aws ec2 delete-network-acl-entry --network-acl-id a --ingress --rule-number 100");
    assert_eq!(json(&out), serde_json::json!({"NetworkAclId": "a", "RuleNumber": 100, "Egress": false}));
}

#[test]
fn lint_reads_the_customised_commands_as_parse_does() {
    let dir = std::env::temp_dir().join(format!("chime-shape-services-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("deploy.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\n\
         aws ec2 authorize-security-group-ingress --group-id sg-1 --protocol tcp --port 22 --cidr 10.0.0.0/8\n\
         aws ec2 run-instances --image-id ami-1 --count 2 --instance-type t2.micro --associate-public-ip-address\n\
         aws ec2 modify-instance-attribute --instance-id i-1 --no-source-dest-check\n\
         aws ec2 wait instance-running --instance-ids i-1\n\
         aws ec2 run-instances --image-id ami-1 --count two\n",
    )
    .unwrap();
    let model = example_model("ec2");
    let out = run(&["--model", model.to_str().unwrap(), "lint", script.to_str().unwrap()]);
    assert_eq!(code(&out), 1, "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("deploy.sh:6:"), "{text}");
    assert!(text.contains("count parameter should be of form min[:max]"), "{text}");
    assert!(text.contains("4 aws commands in 1 file checked"), "{text}");
}
