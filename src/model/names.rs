//! Names: botocore's `xform_name` (how the AWS CLI spells operations and
//! options) and "did you mean" suggestions for unknown names.

/// Names botocore spells by hand because the general rule mangles them
/// (`botocore/__init__.py`, `_xform_cache`), for the `-` separator.
const SPECIAL_CASES: &[(&str, &str)] = &[
    ("CreateCachediSCSIVolume", "create-cached-iscsi-volume"),
    ("DescribeCachediSCSIVolumes", "describe-cached-iscsi-volumes"),
    ("DescribeStorediSCSIVolumes", "describe-stored-iscsi-volumes"),
    ("CreateStorediSCSIVolume", "create-stored-iscsi-volume"),
    ("ListHITsForQualificationType", "list-hits-for-qualification-type"),
    ("ExecutePartiQLStatement", "execute-partiql-statement"),
    ("ExecutePartiQLTransaction", "execute-partiql-transaction"),
    ("ExecutePartiQLBatch", "execute-partiql-batch"),
    ("AssociateWhatsAppBusinessAccount", "associate-whatsapp-business-account"),
    ("CreateWhatsAppMessageTemplate", "create-whatsapp-message-template"),
    ("CreateWhatsAppMessageTemplateFromLibrary", "create-whatsapp-message-template-from-library"),
    ("CreateWhatsAppMessageTemplateMedia", "create-whatsapp-message-template-media"),
    ("DeleteWhatsAppMessageMedia", "delete-whatsapp-message-media"),
    ("DeleteWhatsAppMessageTemplate", "delete-whatsapp-message-template"),
    ("DisassociateWhatsAppBusinessAccount", "disassociate-whatsapp-business-account"),
    ("GetLinkedWhatsAppBusinessAccount", "get-linked-whatsapp-business-account"),
    ("GetLinkedWhatsAppBusinessAccountPhoneNumber", "get-linked-whatsapp-business-account-phone-number"),
    ("GetOTelEnrichment", "get-otel-enrichment"),
    ("GetWhatsAppMessageMedia", "get-whatsapp-message-media"),
    ("GetWhatsAppMessageTemplate", "get-whatsapp-message-template"),
    ("ListLinkedWhatsAppBusinessAccounts", "list-linked-whatsapp-business-accounts"),
    ("ListWhatsAppMessageTemplates", "list-whatsapp-message-templates"),
    ("ListWhatsAppTemplateLibrary", "list-whatsapp-template-library"),
    ("PostWhatsAppMessageMedia", "post-whatsapp-message-media"),
    ("PutWhatsAppBusinessAccountEventDestinations", "put-whatsapp-business-account-event-destinations"),
    ("SendWhatsAppMessage", "send-whatsapp-message"),
    ("StartOTelEnrichment", "start-otel-enrichment"),
    ("StopOTelEnrichment", "stop-otel-enrichment"),
    ("UpdateWhatsAppMessageTemplate", "update-whatsapp-message-template"),
];

/// botocore's `xform_name(name, sep)`: `UpdateUser` → `update-user`,
/// `ListWebACLs` → `list-web-acls`, `AlexaForBusinessMetadata` →
/// `alexa-for-business-metadata`.
///
/// The AWS CLI names every operation and option with it, so this port
/// follows the Python regular expressions exactly (ASCII classes,
/// non-overlapping left-to-right substitution):
///
/// 1. a name that already contains `sep` is returned unchanged;
/// 2. a trailing pluralised acronym (`[A-Z]{2,}s$`) is split off and lowered;
/// 3. `(.)([A-Z][a-z]+)` becomes `\1 sep \2`;
/// 4. `([a-z0-9])([A-Z])` becomes `\1 sep \2`;
/// 5. the result is lowercased.
#[must_use]
pub fn xform_name(name: &str, sep: char) -> String {
    if name.contains(sep) {
        return name.to_owned();
    }
    if sep == '-'
        && let Some((_, cli)) = SPECIAL_CASES.iter().find(|(api, _)| *api == name)
    {
        return (*cli).to_owned();
    }
    let chars: Vec<char> = name.chars().collect();
    let chars = split_plural_acronym(chars, sep);
    let step1 = first_cap(&chars, sep);
    let step2 = end_cap(&step1, sep);
    step2.into_iter().collect::<String>().to_lowercase()
}

/// Step 2: `GatewayARNs` → `Gateway-arns`.
fn split_plural_acronym(chars: Vec<char>, sep: char) -> Vec<char> {
    let n = chars.len();
    if n < 3 || chars[n - 1] != 's' {
        return chars;
    }
    let run = chars[..n - 1].iter().rev().take_while(|c| c.is_ascii_uppercase()).count();
    if run < 2 {
        return chars;
    }
    let start = n - 1 - run;
    let mut out: Vec<char> = chars[..start].to_vec();
    out.push(sep);
    out.extend(chars[start..].iter().map(char::to_ascii_lowercase));
    out
}

/// Step 3: `(.)([A-Z][a-z]+)` → `\1-\2`, scanning left to right.
fn first_cap(chars: &[char], sep: char) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let upper_next = chars.get(i + 1).is_some_and(char::is_ascii_uppercase);
        let lower_after = chars.get(i + 2).is_some_and(char::is_ascii_lowercase);
        if c != '\n' && upper_next && lower_after {
            let mut end = i + 2;
            while chars.get(end).is_some_and(char::is_ascii_lowercase) {
                end += 1;
            }
            out.push(c);
            out.push(sep);
            out.extend_from_slice(&chars[i + 1..end]);
            i = end;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Step 4: `([a-z0-9])([A-Z])` → `\1-\2`, scanning left to right.
fn end_cap(chars: &[char], sep: char) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        if lower && chars.get(i + 1).is_some_and(char::is_ascii_uppercase) {
            out.push(c);
            out.push(sep);
            out.push(chars[i + 1]);
            i += 2;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// A name without case, `-` or `_` (in `layout.rs`, which `build.rs`
/// shares: the embedded models' operation indexes are made with it).
pub(crate) use super::layout::normalize;

/// The candidates closest to `name`, best first, for "did you mean".
///
/// Names are compared without case, `-` or `_`, by edit distance; a
/// candidate qualifies when the distance is at most a third of the longer
/// name (at least 2), or when one name contains the other. At most five
/// are returned.
#[must_use]
pub fn closest_names<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let wanted = normalize(name);
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let norm = normalize(candidate);
            let distance = levenshtein(&wanted, &norm);
            let limit = (wanted.chars().count().max(norm.chars().count()) / 3).max(2);
            let contains = wanted.len() >= 4 && (norm.contains(&wanted) || wanted.contains(&norm));
            if distance <= limit {
                Some((distance, candidate))
            } else if contains {
                Some((limit + 1, candidate))
            } else {
                None
            }
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(5).map(|(_, c)| c.to_owned()).collect()
}

/// Edit distance in characters (insertions, deletions, substitutions).
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            let cost = usize::from(ca != *cb);
            row[j + 1] = (diagonal + cost).min(row[j] + 1).min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xform_matches_botocore_examples() {
        let cases = [
            ("UpdateUser", "update-user"),
            ("AlexaForBusinessMetadata", "alexa-for-business-metadata"),
            ("ListWebACLs", "list-web-acls"),
            ("GatewayARNs", "gateway-arns"),
            ("CreateCachediSCSIVolume", "create-cached-iscsi-volume"),
            ("DescribeDBInstances", "describe-db-instances"),
            ("ListIPSets", "list-ip-sets"),
            (
                "GetSipMediaApplicationAlexaSkillConfiguration",
                "get-sip-media-application-alexa-skill-configuration",
            ),
            ("MaxResults", "max-results"),
            ("ARN", "arn"),
            ("already-dashed", "already-dashed"),
            ("S3Bucket", "s3-bucket"),
            ("", ""),
        ];
        for (api, cli) in cases {
            assert_eq!(xform_name(api, '-'), cli, "{api}");
        }
    }

    #[test]
    fn levenshtein_counts_edits() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("same", "same"), 0);
    }

    #[test]
    fn suggestions_prefer_the_closest() {
        let names = ["update-user", "update-account", "get-user", "list-users"];
        assert_eq!(closest_names("update-usr", names)[0], "update-user");
        assert_eq!(closest_names("UpdateUsers", names)[0], "update-user");
        assert!(closest_names("", names).is_empty());
    }
}
