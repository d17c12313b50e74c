//! Kind detection, whole scripts, the shared helpers, and hostile input
//! for every kind.

use std::path::Path;

use super::testutil::{at, check, check_sound};
use super::*;

fn kind(name: &str) -> Option<Kind> {
    kind_of(Path::new(name), b"")
}

fn shebang(head: &str) -> Option<Kind> {
    kind_of(Path::new("bin/tool"), head.as_bytes())
}

#[test]
fn kinds_by_name() {
    for name in [
        "deploy.sh",
        "a/b/x.bash",
        "x.zsh",
        "x.ksh",
        "X.SH",
        ".bashrc",
        ".bash_profile",
        ".zshrc",
        ".profile",
    ] {
        assert_eq!(kind(name), Some(Kind::Shell), "{name}");
    }
    for name in ["Makefile", "makefile", "GNUmakefile", "rules.mk", "x.make", "sub/dir/Makefile"] {
        assert_eq!(kind(name), Some(Kind::Makefile), "{name}");
    }
    for name in [".github/workflows/ci.yml", "action.yaml", ".gitlab-ci.yml", "buildspec.yml", "X.YML"] {
        assert_eq!(kind(name), Some(Kind::Yaml), "{name}");
    }
    for name in
        ["Dockerfile", "Containerfile", "Dockerfile.prod", "api.Dockerfile", "api.dockerfile", "dockerfile"]
    {
        assert_eq!(kind(name), Some(Kind::Dockerfile), "{name}");
    }
    for name in ["README.md", "docs/guide.markdown", "NOTES.MD"] {
        assert_eq!(kind(name), Some(Kind::Markdown), "{name}");
    }
    for name in ["main.rs", "x.py", "Makefile.am", ".sh", ".yml", "sh", "notes.txt", "MAKEFILE"] {
        assert_eq!(kind(name), None, "{name}");
    }
}

#[test]
fn the_name_decides_before_the_shebang() {
    assert_eq!(kind_of(Path::new("x.yml"), b"#!/bin/sh\n"), Some(Kind::Yaml));
    assert_eq!(kind_of(Path::new("x.py"), b"#!/bin/sh\n"), Some(Kind::Shell));
}

#[test]
fn kinds_by_shebang() {
    for head in [
        "#!/bin/sh\n",
        "#!/bin/bash\necho",
        "#! /bin/bash -eu\n",
        "#!/usr/bin/env bash\n",
        "#!/usr/bin/env -S bash -e\n",
        "#!/usr/bin/env -Sbash -e\n",
        "#!/usr/bin/env -i PATH=/bin sh\n",
        "#!/usr/bin/env -u HOME zsh\n",
        "#!sh\n",
        "#!/bin/dash",
        "#!/bin/zsh\r\n",
        "#!/bin/ksh\n",
        "#!/bin/ash\n",
        "#!/bin/busybox sh\n",
        "#!/usr/local/bin/mksh\n",
        "\u{feff}#!/bin/sh\n",
    ] {
        assert_eq!(shebang(head), Some(Kind::Shell), "{head:?}");
    }
    for head in [
        "#!/usr/bin/env python3\n",
        "#!/usr/bin/python\n",
        "#!/usr/bin/env node\n",
        "#!/usr/bin/env\n",
        "#!/bin/busybox awk\n",
        "#!\n",
        "#!",
        "",
        "echo hi\n",
        " #!/bin/sh\n",
        "#!/usr/bin/env -S python3 -u\n",
        "#!/usr/bin/perl -w\n",
    ] {
        assert_eq!(shebang(head), None, "{head:?}");
    }
    // Not UTF-8: still read as far as it goes.
    assert_eq!(kind_of(Path::new("x"), b"#!/bin/sh \xff\n"), Some(Kind::Shell));
    assert_eq!(kind_of(Path::new("x"), b"\xff\xfe#!/bin/sh\n"), None);
}

#[test]
fn a_script_is_one_fragment_mapped_to_itself() {
    let text = "#!/bin/sh\naws chime list-meetings\n";
    let frags = fragments(Kind::Shell, text).unwrap();
    assert_eq!(frags.len(), 1);
    check(text, &frags[0], text, &[]);
    assert_eq!(frags[0].map, OffsetMap::identity());
}

#[test]
fn a_script_loses_its_bom_and_carriage_returns() {
    let text = "\u{feff}aws chime list-meetings\r\necho 'a\rb'\r\n";
    let frags = fragments(Kind::Shell, text).unwrap();
    check(text, &frags[0], "aws chime list-meetings\necho 'a\rb'\n", &[]);
    assert_eq!(frags[0].map.outer(0), 3);
}

#[test]
fn an_empty_script_is_an_empty_fragment() {
    let frags = fragments(Kind::Shell, "").unwrap();
    assert_eq!(frags.len(), 1);
    assert_eq!(testutil::code(&frags[0]), "");
}

#[test]
fn lines_split_at_newlines_only() {
    let text = "a\r\nb\rc\n\nd";
    let got: Vec<_> = lines(text).map(|l| (l.text(text), l.newline)).collect();
    assert_eq!(got, [("a", Some(2)), ("b\rc", Some(6)), ("", Some(7)), ("d", None)]);
    assert_eq!(lines("\u{feff}x").next().unwrap().start, 3);
    assert_eq!(lines("").count(), 0);
}

/// `$X` → placeholder, as make would, to test [`substitute`] alone.
fn dollar_word(bytes: &[u8], i: usize) -> Option<(usize, Option<&'static str>)> {
    let len = bytes[i + 1..].iter().take_while(|b| b.is_ascii_uppercase()).count();
    (len > 0).then_some((len + 1, None))
}

fn substituted(code: &str) -> String {
    let mut c = Code::new();
    c.copy(code, 0, code.len());
    substitute(c, "${P}", dollar_word).text
}

#[test]
fn placeholders_leave_single_quotes_to_stay_unknown() {
    assert_eq!(substituted("a $X b"), "a ${P} b");
    assert_eq!(substituted("\"a $X\""), "\"a ${P}\"");
    assert_eq!(substituted("'a $X b'"), "'a '\"${P}\"' b'");
    assert_eq!(substituted("$'a\\' $X'"), "$'a\\' '\"${P}\"$''");
    assert_eq!(substituted("\"it's $X\""), "\"it's ${P}\"");
    assert_eq!(substituted("\\'$X"), "\\'${P}");
    assert_eq!(substituted("# it's $X\n'$X'"), "# it's ${P}\n''\"${P}\"''");
    assert_eq!(substituted("a#'$X'"), "a#''\"${P}\"''");
    assert_eq!(substituted("$x $"), "$x $");
}

#[test]
fn substitution_maps_to_the_dollar() {
    let text = "echo '$AB' $C";
    let mut c = Code::new();
    c.copy(text, 0, text.len());
    let frag = substitute(c, MAKE_PLACEHOLDER, dollar_word).into_fragment();
    check(text, &frag, "echo ''\"${__make}\"'' ${__make}", &[("'\"${__make}\"'", 6), ("${__make}", 11)]);
}

#[test]
fn program_names() {
    assert_eq!(program_name("/usr/bin/bash"), "bash");
    assert_eq!(program_name("C:\\Windows\\System32\\cmd.EXE"), "cmd");
    assert_eq!(program_name("pwsh"), "pwsh");
    assert!(is_posix_shell("dash") && !is_posix_shell("pwsh") && !is_posix_shell("python"));
}

/// Every kind, on inputs that must neither panic nor take long, gives
/// sound fragments (or, for YAML, an error).
fn survives(text: &str) {
    for kind in [Kind::Shell, Kind::Makefile, Kind::Yaml, Kind::Dockerfile, Kind::Markdown] {
        if let Ok(frags) = fragments(kind, text) {
            for frag in &frags {
                check_sound(text, frag);
            }
        }
    }
}

#[test]
fn hostile_inputs() {
    let long = "a".repeat(10 << 20);
    let dollars = "$(".repeat(1 << 20);
    let braces = "${{".repeat(1 << 20);
    let backslashes = "\\\n".repeat(1 << 18);
    for text in [
        String::new(),
        "\u{feff}".to_owned(),
        "\n\n\r\n".to_owned(),
        format!("run: {long}\n"),
        format!("all:\n\t{long}\n"),
        format!("all:\n\techo {dollars}\n"),
        format!("all:\n\techo ${long}\n"),
        format!("run: \"{braces}\"\n"),
        format!("RUN {long} \\"),
        format!("all:\n\techo \\\n{backslashes}"),
        format!("RUN echo \\\n{backslashes}"),
        format!("```sh\n{long}"),
        format!("```console\n$ aws \\\n{backslashes}"),
        "```sh\naws chime\n".to_owned(),
        "RUN <<EOF\naws chime".to_owned(),
        "RUN [\"aws\", \"chi".to_owned(),
        "all: ; aws \\".to_owned(),
        "all:\n\taws \\".to_owned(),
        "define X\naws".to_owned(),
        "run: |".to_owned(),
        "run: \"abc".to_owned(),
        "run: 'abc".to_owned(),
        "\t\t\t".to_owned(),
        "all:\r\n\t@aws chime \\\r\n\t  list-meetings\r\n".to_owned(),
        "run: |\r\n  aws chime \\\r\n    list\r\n".to_owned(),
        "RUN aws \\\r\n  chime\r\n".to_owned(),
        "```sh\r\naws chime\r\n```\r\n".to_owned(),
        "é\u{301}€😀\n\tx: $é\n".to_owned(),
        "all:\n\t$é $(é) ${é\n".to_owned(),
        "```console\n$\n$ \n% \\".to_owned(),
        "RUN [\"\\ud800\", \"\\u00e9\", \"\\ud83d\\ude00\"]\n".to_owned(),
        "> ```sh\n> aws\n>\n".to_owned(),
        format!("RUN {}", "<<\"".repeat(1 << 18)),
        format!("RUN {}\n", "<<a ".repeat(1 << 18)),
        format!("RUN echo {}\n", "<<a ".repeat(1 << 18)),
        format!("run: \"{}\"\n", "$[[ ".repeat(1 << 18)),
        "---\nrun: a\n".repeat(1 << 16),
        "run: a\n...\n".repeat(1 << 12),
        format!("all:\n\t{}\n", "'$(x)".repeat(1 << 18)),
        format!("```sh\n{}", "```\n```sh\n".repeat(1 << 16)),
        format!("```console\n{}", "(a) $ x \\\n> y\n".repeat(1 << 16)),
    ] {
        survives(&text);
    }
}

#[test]
fn deeply_nested_yaml_is_an_error_not_a_crash() {
    for text in ["- ".repeat(100_000) + "x", "[".repeat(100_000), "{a: ".repeat(100_000)] {
        let err = fragments(Kind::Yaml, &text).unwrap_err();
        assert!(matches!(err, ScriptError::TooComplex { .. }), "{err:?}");
    }
}

#[test]
fn a_yaml_syntax_error_is_reported_where_it_is() {
    let text = "jobs:\n  a: [1, 2\n";
    match fragments(Kind::Yaml, text).unwrap_err() {
        ScriptError::TooComplex { offset, message } => {
            assert!(offset <= text.len());
            assert!(!message.is_empty());
        }
        other => panic!("{other:?}"),
    }
    let text = "a: b\n\tc: d\n";
    assert!(fragments(Kind::Yaml, text).is_err());
}

#[test]
fn a_yaml_error_in_a_later_document_is_at_its_file_offset() {
    let text = "run: echo a\n---\nrun: [x\n";
    let ScriptError::TooComplex { offset, .. } = fragments(Kind::Yaml, text).unwrap_err() else { panic!() };
    assert!(offset > at(text, "---"), "{offset}");
}

#[test]
fn many_yaml_documents_are_read_in_linear_time() {
    let text = "---\nrun: echo a\n".repeat(100_000);
    let frags = fragments(Kind::Yaml, &text).unwrap();
    assert_eq!(frags.len(), 100_000);
    check(&text, &frags[99_999], "echo a", &[]);
}

/// The fragments of a file of `src/script/testdata/host/`, found by its
/// name, each checked for soundness: shell code as is, words joined by `|`.
fn fixture(name: &str, text: &str) -> Vec<String> {
    let kind = kind_of(Path::new(name), text.as_bytes()).unwrap();
    super::testutil::codes_of(text, &fragments(kind, text).unwrap())
}

#[test]
fn a_github_workflow() {
    let got = fixture("workflow.yml", include_str!("../testdata/host/workflow.yml"));
    let create = "aws chime-sdk-meetings create-meeting \\\n  --client-request-token \"$TOKEN\" \\\n  \
                  --media-region ''\"${__ci}\"'' \\\n  --external-meeting-id \"run-${__ci}\" > meeting.json\n\
                  echo \"id=$(jq -r .Meeting.MeetingId meeting.json)\" >> \"$GITHUB_OUTPUT\"\n";
    assert_eq!(got, [create, "aws chime list-meetings --max-results 1"]);
}

#[test]
fn a_makefile() {
    let got = fixture("Makefile", include_str!("../testdata/host/Makefile"));
    assert_eq!(
        got,
        [
            "${__make} chime list-meetings --query 'Meetings[].MeetingId' --output text",
            "echo \"creating in ${__make}\"",
            "${__make} chime create-meeting \\\n\t--client-request-token ${__make} \\\n\t--media-region ''\"${__make}\"'' > ${__make}.json",
            "aws chime get-meeting --meeting-id $(jq -r .Meeting.MeetingId ${__make}.json)",
            "rm -f *.json",
        ]
    );
}

#[test]
fn a_dockerfile() {
    let got = fixture("Dockerfile", include_str!("../testdata/host/Dockerfile"));
    assert_eq!(
        got,
        [
            "aws chime list-meetings       --max-results 10 > /meetings.json",
            "aws chime get-meeting --meeting-id \"$(jq -r '.Meetings[0].MeetingId' /meetings.json)\"\n",
            "aws|chime",
            "list-meetings",
        ]
    );
}

#[test]
fn a_readme() {
    let got = fixture("README.md", include_str!("../testdata/host/README.md"));
    assert_eq!(
        got,
        [
            "aws chime create-meeting \\\n  --client-request-token \"$(uuidgen)\" \\\n  --media-region us-east-1\n",
            "aws chime list-meetings --max-results 2",
        ]
    );
}
