//! Unicode property names: which `\p{…}` names ECMA-262 accepts, what the Rust `regex` crate
//! calls them, and how Java-only names (POSIX classes such as `\p{Alnum}`, `\p{IsAlphabetic}`,
//! `\p{LD}`) translate.
//!
//! ECMA-262 names take precedence: `\p{Alpha}`, `\p{Upper}` and `\p{Lower}` are valid ECMA-262
//! (aliases of the Unicode binary properties) and keep that Unicode meaning, while Java's ASCII
//! POSIX meaning is used only for names ECMA-262 rejects (`\p{Alnum}`, `\p{Punct}`, `\p{XDigit}`, …).

use crate::pattern::ast::{Class, ClassItem, Cp, Property};

/// `General_Category` values accepted by ECMA-262: (alias, Rust name). Every spelling in
/// Unicode's PropertyValueAliases.txt for `gc` is listed.
const GENERAL_CATEGORY: &[(&str, &str)] = &[
    ("C", "Other"),
    ("Other", "Other"),
    ("Cc", "Control"),
    ("Control", "Control"),
    ("cntrl", "Control"),
    ("Cf", "Format"),
    ("Format", "Format"),
    ("Cn", "Unassigned"),
    ("Unassigned", "Unassigned"),
    ("Co", "Private_Use"),
    ("Private_Use", "Private_Use"),
    ("Cs", "Surrogate"),
    ("Surrogate", "Surrogate"),
    ("L", "Letter"),
    ("Letter", "Letter"),
    ("LC", "Cased_Letter"),
    ("Cased_Letter", "Cased_Letter"),
    ("Ll", "Lowercase_Letter"),
    ("Lowercase_Letter", "Lowercase_Letter"),
    ("Lm", "Modifier_Letter"),
    ("Modifier_Letter", "Modifier_Letter"),
    ("Lo", "Other_Letter"),
    ("Other_Letter", "Other_Letter"),
    ("Lt", "Titlecase_Letter"),
    ("Titlecase_Letter", "Titlecase_Letter"),
    ("Lu", "Uppercase_Letter"),
    ("Uppercase_Letter", "Uppercase_Letter"),
    ("M", "Mark"),
    ("Mark", "Mark"),
    ("Combining_Mark", "Mark"),
    ("Mc", "Spacing_Mark"),
    ("Spacing_Mark", "Spacing_Mark"),
    ("Me", "Enclosing_Mark"),
    ("Enclosing_Mark", "Enclosing_Mark"),
    ("Mn", "Nonspacing_Mark"),
    ("Nonspacing_Mark", "Nonspacing_Mark"),
    ("N", "Number"),
    ("Number", "Number"),
    ("Nd", "Decimal_Number"),
    ("Decimal_Number", "Decimal_Number"),
    ("digit", "Decimal_Number"),
    ("Nl", "Letter_Number"),
    ("Letter_Number", "Letter_Number"),
    ("No", "Other_Number"),
    ("Other_Number", "Other_Number"),
    ("P", "Punctuation"),
    ("Punctuation", "Punctuation"),
    ("punct", "Punctuation"),
    ("Pc", "Connector_Punctuation"),
    ("Connector_Punctuation", "Connector_Punctuation"),
    ("Pd", "Dash_Punctuation"),
    ("Dash_Punctuation", "Dash_Punctuation"),
    ("Pe", "Close_Punctuation"),
    ("Close_Punctuation", "Close_Punctuation"),
    ("Pf", "Final_Punctuation"),
    ("Final_Punctuation", "Final_Punctuation"),
    ("Pi", "Initial_Punctuation"),
    ("Initial_Punctuation", "Initial_Punctuation"),
    ("Po", "Other_Punctuation"),
    ("Other_Punctuation", "Other_Punctuation"),
    ("Ps", "Open_Punctuation"),
    ("Open_Punctuation", "Open_Punctuation"),
    ("S", "Symbol"),
    ("Symbol", "Symbol"),
    ("Sc", "Currency_Symbol"),
    ("Currency_Symbol", "Currency_Symbol"),
    ("Sk", "Modifier_Symbol"),
    ("Modifier_Symbol", "Modifier_Symbol"),
    ("Sm", "Math_Symbol"),
    ("Math_Symbol", "Math_Symbol"),
    ("So", "Other_Symbol"),
    ("Other_Symbol", "Other_Symbol"),
    ("Z", "Separator"),
    ("Separator", "Separator"),
    ("Zl", "Line_Separator"),
    ("Line_Separator", "Line_Separator"),
    ("Zp", "Paragraph_Separator"),
    ("Paragraph_Separator", "Paragraph_Separator"),
    ("Zs", "Space_Separator"),
    ("Space_Separator", "Space_Separator"),
];

/// Binary properties accepted by ECMA-262 (table "Binary Unicode property aliases"):
/// (alias, Rust name).
const BINARY: &[(&str, &str)] = &[
    ("ASCII", "ASCII"),
    ("ASCII_Hex_Digit", "ASCII_Hex_Digit"),
    ("AHex", "ASCII_Hex_Digit"),
    ("Alphabetic", "Alphabetic"),
    ("Alpha", "Alphabetic"),
    ("Any", "Any"),
    ("Assigned", "Assigned"),
    ("Bidi_Control", "Bidi_Control"),
    ("Bidi_C", "Bidi_Control"),
    ("Bidi_Mirrored", "Bidi_Mirrored"),
    ("Bidi_M", "Bidi_Mirrored"),
    ("Case_Ignorable", "Case_Ignorable"),
    ("CI", "Case_Ignorable"),
    ("Cased", "Cased"),
    ("Changes_When_Casefolded", "Changes_When_Casefolded"),
    ("CWCF", "Changes_When_Casefolded"),
    ("Changes_When_Casemapped", "Changes_When_Casemapped"),
    ("CWCM", "Changes_When_Casemapped"),
    ("Changes_When_Lowercased", "Changes_When_Lowercased"),
    ("CWL", "Changes_When_Lowercased"),
    ("Changes_When_NFKC_Casefolded", "Changes_When_NFKC_Casefolded"),
    ("CWKCF", "Changes_When_NFKC_Casefolded"),
    ("Changes_When_Titlecased", "Changes_When_Titlecased"),
    ("CWT", "Changes_When_Titlecased"),
    ("Changes_When_Uppercased", "Changes_When_Uppercased"),
    ("CWU", "Changes_When_Uppercased"),
    ("Dash", "Dash"),
    ("Default_Ignorable_Code_Point", "Default_Ignorable_Code_Point"),
    ("DI", "Default_Ignorable_Code_Point"),
    ("Deprecated", "Deprecated"),
    ("Dep", "Deprecated"),
    ("Diacritic", "Diacritic"),
    ("Dia", "Diacritic"),
    ("Emoji", "Emoji"),
    ("Emoji_Component", "Emoji_Component"),
    ("EComp", "Emoji_Component"),
    ("Emoji_Modifier", "Emoji_Modifier"),
    ("EMod", "Emoji_Modifier"),
    ("Emoji_Modifier_Base", "Emoji_Modifier_Base"),
    ("EBase", "Emoji_Modifier_Base"),
    ("Emoji_Presentation", "Emoji_Presentation"),
    ("EPres", "Emoji_Presentation"),
    ("Extended_Pictographic", "Extended_Pictographic"),
    ("ExtPict", "Extended_Pictographic"),
    ("Extender", "Extender"),
    ("Ext", "Extender"),
    ("Grapheme_Base", "Grapheme_Base"),
    ("Gr_Base", "Grapheme_Base"),
    ("Grapheme_Extend", "Grapheme_Extend"),
    ("Gr_Ext", "Grapheme_Extend"),
    ("Hex_Digit", "Hex_Digit"),
    ("Hex", "Hex_Digit"),
    ("IDS_Binary_Operator", "IDS_Binary_Operator"),
    ("IDSB", "IDS_Binary_Operator"),
    ("IDS_Trinary_Operator", "IDS_Trinary_Operator"),
    ("IDST", "IDS_Trinary_Operator"),
    ("ID_Continue", "ID_Continue"),
    ("IDC", "ID_Continue"),
    ("ID_Start", "ID_Start"),
    ("IDS", "ID_Start"),
    ("Ideographic", "Ideographic"),
    ("Ideo", "Ideographic"),
    ("Join_Control", "Join_Control"),
    ("Join_C", "Join_Control"),
    ("Logical_Order_Exception", "Logical_Order_Exception"),
    ("LOE", "Logical_Order_Exception"),
    ("Lowercase", "Lowercase"),
    ("Lower", "Lowercase"),
    ("Math", "Math"),
    ("Noncharacter_Code_Point", "Noncharacter_Code_Point"),
    ("NChar", "Noncharacter_Code_Point"),
    ("Pattern_Syntax", "Pattern_Syntax"),
    ("Pat_Syn", "Pattern_Syntax"),
    ("Pattern_White_Space", "Pattern_White_Space"),
    ("Pat_WS", "Pattern_White_Space"),
    ("Quotation_Mark", "Quotation_Mark"),
    ("QMark", "Quotation_Mark"),
    ("Radical", "Radical"),
    ("Regional_Indicator", "Regional_Indicator"),
    ("RI", "Regional_Indicator"),
    ("Sentence_Terminal", "Sentence_Terminal"),
    ("STerm", "Sentence_Terminal"),
    ("Soft_Dotted", "Soft_Dotted"),
    ("SD", "Soft_Dotted"),
    ("Terminal_Punctuation", "Terminal_Punctuation"),
    ("Term", "Terminal_Punctuation"),
    ("Unified_Ideograph", "Unified_Ideograph"),
    ("UIdeo", "Unified_Ideograph"),
    ("Uppercase", "Uppercase"),
    ("Upper", "Uppercase"),
    ("Variation_Selector", "Variation_Selector"),
    ("VS", "Variation_Selector"),
    ("White_Space", "White_Space"),
    ("space", "White_Space"),
    ("XID_Continue", "XID_Continue"),
    ("XIDC", "XID_Continue"),
    ("XID_Start", "XID_Start"),
    ("XIDS", "XID_Start"),
];

/// Java's POSIX character classes, which are US-ASCII only unless `UNICODE_CHARACTER_CLASS`
/// is set (AWS services do not set it). `Alpha`, `Upper`, `Lower` and `ASCII` are absent on
/// purpose: ECMA-262 defines them (see the module documentation).
const JAVA_POSIX: &[(&str, &[(Cp, Cp)])] = &[
    ("Digit", &[(0x30, 0x39)]),
    ("Alnum", &[(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)]),
    ("Punct", &[(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)]),
    ("Graph", &[(0x21, 0x7E)]),
    ("Print", &[(0x20, 0x7E)]),
    ("Blank", &[(0x20, 0x20), (0x09, 0x09)]),
    ("Cntrl", &[(0x00, 0x1F), (0x7F, 0x7F)]),
    ("XDigit", &[(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)]),
    ("Space", &[(0x09, 0x0D), (0x20, 0x20)]),
    ("L1", &[(0x00, 0xFF)]),
    ("all", &[(0x00, 0x10_FFFF)]),
];

/// Java `\p{IsXxx}` binary properties (matched case-insensitively by Java) with an ECMA-262
/// equivalent: (upper-case Java name, ECMA-262 name).
const JAVA_IS_BINARY: &[(&str, &str)] = &[
    ("ALPHABETIC", "Alphabetic"),
    ("IDEOGRAPHIC", "Ideographic"),
    ("LETTER", "L"),
    ("LOWERCASE", "Lowercase"),
    ("UPPERCASE", "Uppercase"),
    ("TITLECASE", "Lt"),
    ("PUNCTUATION", "P"),
    ("CONTROL", "Cc"),
    ("WHITE_SPACE", "White_Space"),
    ("WHITESPACE", "White_Space"),
    ("DIGIT", "Nd"),
    ("HEX_DIGIT", "Hex_Digit"),
    ("HEXDIGIT", "Hex_Digit"),
    ("JOIN_CONTROL", "Join_Control"),
    ("JOINCONTROL", "Join_Control"),
    ("NONCHARACTER_CODE_POINT", "Noncharacter_Code_Point"),
    ("NONCHARACTERCODEPOINT", "Noncharacter_Code_Point"),
    ("ASSIGNED", "Assigned"),
    ("EMOJI", "Emoji"),
];

/// What a `\p{…}` escape resolved to.
#[derive(Debug)]
pub(crate) enum Resolved {
    /// A Unicode property (kept by name).
    Prop(Property),
    /// An explicit class (Java POSIX classes and other Java-only names).
    Class(Class),
}

fn lookup(table: &[(&str, &'static str)], name: &str) -> Option<&'static str> {
    table.iter().find(|(alias, _)| *alias == name).map(|(_, rust)| *rust)
}

/// A plausible Unicode script value (`Greek`, `Old_Italic`, `Grek`); the Rust `regex` crate
/// then decides whether the script exists.
fn plausible_script(value: &str) -> bool {
    let mut chars = value.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Resolves a property name the way ECMA-262 (u-mode) does. `None` if ECMA-262 rejects it.
pub(crate) fn resolve_ecma(name: &str, negated: bool) -> Option<Property> {
    let prop = |rust: String| Property { rust, ecma: name.to_owned(), negated };
    if let Some((key, value)) = name.split_once('=') {
        return match key {
            "General_Category" | "gc" => lookup(GENERAL_CATEGORY, value).map(|rust| prop(rust.to_owned())),
            "Script" | "sc" if plausible_script(value) => Some(prop(format!("Script={value}"))),
            "Script_Extensions" | "scx" if plausible_script(value) => {
                Some(prop(format!("Script_Extensions={value}")))
            }
            _ => None,
        };
    }
    lookup(GENERAL_CATEGORY, name).or_else(|| lookup(BINARY, name)).map(|rust| prop(rust.to_owned()))
}

/// Resolves a Java-only property name (used only after ECMA-262 rejected it). Returns a
/// human-readable note describing the translation.
pub(crate) fn resolve_java(name: &str, negated: bool) -> Option<(Resolved, String)> {
    if let Some((_, ranges)) = JAVA_POSIX.iter().find(|(n, _)| *n == name) {
        let items = ranges.iter().map(|&(lo, hi)| ClassItem::Range(lo, hi)).collect();
        let note = format!("Java class `\\p{{{name}}}` read as its US-ASCII (or Java) definition");
        return Some((Resolved::Class(Class { negated, items }), note));
    }
    if name == "LD" {
        // Java: Character.isLetterOrDigit, i.e. gc=L or gc=Nd.
        let items = ["L", "Nd"].iter().filter_map(|n| resolve_ecma(n, false)).map(ClassItem::Prop).collect();
        let note = "Java class `\\p{LD}` read as [\\p{L}\\p{Nd}]".to_owned();
        return Some((Resolved::Class(Class { negated, items }), note));
    }
    if let Some(rest) = name.strip_prefix("Is") {
        let upper = rest.to_ascii_uppercase();
        let ecma = JAVA_IS_BINARY
            .iter()
            .find(|(java, _)| *java == upper)
            .map(|(_, ecma)| (*ecma).to_owned())
            .or_else(|| lookup(GENERAL_CATEGORY, rest).map(|_| rest.to_owned()))
            .or_else(|| plausible_script(rest).then(|| format!("Script={rest}")))?;
        let mut prop = resolve_ecma(&ecma, negated)?;
        prop.ecma = ecma;
        let note = format!("Java property `\\p{{{name}}}` read as `\\p{{{}}}`", prop.ecma);
        return Some((Resolved::Prop(prop), note));
    }
    None
}
