//! Turning raw bytes into text without ever producing mojibake.
//!
//! Pages saved from old government sites are often GBK/GB2312/GB18030 or Big5, sometimes
//! declared in the HTTP header, sometimes only in a `<meta>` tag, sometimes not at all. The
//! order of authority follows the HTML standard: a byte order mark, then the transport's
//! declaration, then a `<meta charset>`/`http-equiv` in the first bytes, then detection
//! (Mozilla's `chardetng`). Whatever the source, a decoding that
//! needs more than a few replacement characters is refused with a [`DecodeError`] instead of
//! being indexed as garbage.

use encoding_rs::{Encoding, UTF_8};
use thiserror::Error;

/// How many bytes at the start of a page are searched for a `<meta>` declaration. The HTML
/// standard says 1024; old CMS templates put long comments and scripts first, so look further.
const META_PRESCAN_BYTES: usize = 4096;

/// The encodings detection may settle on. Anything else guessed for a Chinese document (a
/// Western single-byte code page, Shift_JIS…) would almost surely be mojibake.
const DETECTABLE: [&Encoding; 4] = [
    UTF_8,
    encoding_rs::GBK,
    encoding_rs::GB18030,
    encoding_rs::BIG5,
];

/// Text decoded from bytes, with the encoding used and how it was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding's canonical name (`UTF-8`, `GBK`, `gb18030`, `Big5`, …); GB2312 labels
    /// decode as `GBK`, a superset.
    pub encoding: &'static str,
    pub how: DecodedHow,
}

/// Where the encoding of a [`Decoded`] text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodedHow {
    /// A byte order mark at the start of the bytes.
    Bom,
    /// The caller's declaration, usually the HTTP `Content-Type` charset.
    Declared,
    /// A `<meta charset>` or `<meta http-equiv="Content-Type">` in the page.
    Meta,
    /// Nothing declared (or the declarations did not fit the bytes): detected from the bytes.
    Detected,
}

/// Why bytes could not be turned into trustworthy text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    /// The declared charset is not one the Encoding Standard knows.
    #[error("unknown charset {0:?}; declare a known one (e.g. UTF-8, GBK, GB18030, Big5)")]
    UnknownCharset(String),
    /// A NUL byte: this is a binary file (PDF, image, archive…), not text.
    #[error("binary data (NUL byte at offset {offset}), not a text or HTML document")]
    Binary { offset: usize },
    /// Decoding needed too many replacement characters: the bytes are not in that encoding.
    #[error(
        "bytes are not valid {encoding}: {replaced} of {chars} characters could not be decoded"
    )]
    Malformed {
        encoding: &'static str,
        replaced: usize,
        chars: usize,
    },
    /// Nothing declared and the bytes look like no Chinese encoding (the best guess is shown).
    #[error(
        "could not tell the encoding (best guess {guess}); declare it, e.g. as GBK, GB18030, Big5 or UTF-8"
    )]
    Undetected { guess: &'static str },
}

/// Decodes `bytes`, choosing the encoding by BOM > `declared` (from an HTTP `Content-Type`) >
/// `<meta charset>`/`http-equiv` in the first bytes > detection.
///
/// A declaration whose encoding does not fit the bytes (old sites often send `charset=UTF-8`
/// for GBK pages) is not trusted: the next source is tried, and only if none decodes cleanly
/// is [`DecodeError::Malformed`] returned for the most authoritative one. An unknown declared
/// label is an error; an unknown `<meta>` label is ignored, as browsers do.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        // A BOM is definitive; no NUL check, since UTF-16 text is full of NUL bytes.
        return decode_with(encoding, &bytes[bom_len..], DecodedHow::Bom);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary { offset });
    }
    let declared = match declared.map(str::trim).filter(|label| !label.is_empty()) {
        Some(label) => Some(
            Encoding::for_label(label.as_bytes())
                .ok_or_else(|| DecodeError::UnknownCharset(label.to_string()))?,
        ),
        None => None,
    };
    let mut first_error = None;
    let candidates = [
        declared.map(|e| (e, DecodedHow::Declared)),
        meta_charset(bytes).map(|e| (e, DecodedHow::Meta)),
        Some((detect(bytes), DecodedHow::Detected)),
    ];
    for (encoding, how) in candidates.into_iter().flatten() {
        let result = if how == DecodedHow::Detected && !DETECTABLE.contains(&encoding) {
            Err(DecodeError::Undetected {
                guess: encoding.name(),
            })
        } else {
            decode_with(encoding, bytes, how)
        };
        match result {
            Ok(decoded) => return Ok(decoded),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    // The detection candidate is always present, so an error has been recorded.
    Err(first_error.unwrap_or(DecodeError::Malformed {
        encoding: UTF_8.name(),
        replaced: 0,
        chars: 0,
    }))
}

/// The `charset` parameter of a `Content-Type` header value, unquoted, if present.
///
/// `text/html; charset="GB2312"` → `GB2312`.
pub fn charset_from_content_type(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// Decodes with one encoding, refusing the result if it needed too many replacements.
fn decode_with(
    encoding: &'static Encoding,
    bytes: &[u8],
    how: DecodedHow,
) -> Result<Decoded, DecodeError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        let replaced = text.chars().filter(|&c| c == '\u{FFFD}').count();
        let chars = text.chars().count();
        if !few_enough_replacements(replaced, chars) {
            return Err(DecodeError::Malformed {
                encoding: encoding.name(),
                replaced,
                chars,
            });
        }
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        how,
    })
}

/// One bad sequence per thousand characters (and at least one) is tolerated: a page cut off
/// mid-character or with one stray byte is still worth indexing; more means a wrong encoding.
fn few_enough_replacements(replaced: usize, chars: usize) -> bool {
    replaced * 1000 <= chars.max(1000)
}

/// The encoding named by a `<meta charset=…>` or `<meta http-equiv content="…; charset=…">` in
/// the first bytes, if it is a known label.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let prefix = &bytes[..bytes.len().min(META_PRESCAN_BYTES)];
    let lower = prefix.to_ascii_lowercase();
    let mut from = 0;
    while let Some(start) = find(&lower[from..], b"<meta").map(|i| i + from) {
        let end = find(&lower[start..], b">").map_or(lower.len(), |i| i + start);
        let tag = &lower[start..end];
        if let Some(label) = charset_in_tag(tag)
            && let Some(encoding) = Encoding::for_label(label)
        {
            // The standard maps UTF-16 labels in <meta> to UTF-8: the page is ASCII-compatible
            // if the parser could read the tag at all.
            return Some(encoding.output_encoding());
        }
        from = end;
    }
    None
}

/// The value after `charset` `=` in one lower-cased tag, without quotes.
fn charset_in_tag(tag: &[u8]) -> Option<&[u8]> {
    let at = find(tag, b"charset")?;
    let rest = &tag[at + b"charset".len()..];
    let rest = trim_start(rest);
    let rest = trim_start(rest.strip_prefix(b"=")?);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b"-_.:".contains(&b)))
        .unwrap_or(rest.len());
    (len > 0).then(|| &rest[..len])
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[skip..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// UTF-8 with some damage (a file cut off mid-character, or cut every few characters): most
/// multi-byte sequences are valid UTF-8. GBK or Big5 text almost never forms valid UTF-8
/// sequences, so this tells damaged UTF-8 from them; the damaged text then goes to UTF-8 and
/// is accepted or refused by its replacement count, instead of chardetng reading it as GBK,
/// which accepts almost any byte pair and would make mojibake of it.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (text, _) = UTF_8.decode_without_bom_handling(bytes);
    let replaced = text.chars().filter(|&c| c == '\u{FFFD}').count();
    let multibyte = text
        .chars()
        .filter(|&c| !c.is_ascii() && c != '\u{FFFD}')
        .count();
    multibyte > 0 && multibyte >= 2 * replaced
}

/// Guesses the encoding of undeclared bytes. Valid UTF-8 is taken as UTF-8 straight away;
/// otherwise chardetng decides. No `.cn` hint is given: with it GBK, which accepts almost any
/// byte pair, beat Big5 text and Latin-1 text in the tests below.
fn detect(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() || mostly_utf8(bytes) {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "上海市人民政府办公厅关于本市推行清洁生产的若干意见。各区、县人民政府，市政府各委、办、局：\
        为贯彻落实《中华人民共和国清洁生产促进法》，推动本市清洁生产工作的深入开展，现提出如下意见。";

    fn gbk(text: &str) -> Vec<u8> {
        encoding_rs::GBK.encode(text).0.into_owned()
    }

    #[test]
    fn utf8_without_declaration_is_detected_as_utf8() {
        let decoded = decode(SAMPLE.as_bytes(), None).unwrap();
        assert_eq!(decoded.text, SAMPLE);
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(decoded.how, DecodedHow::Detected);
    }

    #[test]
    fn utf8_cut_off_mid_character_is_not_read_as_gbk() {
        let cut = &SAMPLE.as_bytes()[..SAMPLE.len() - 1];
        let decoded = decode(cut, None).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.text.starts_with("上海市人民政府办公厅"));
    }

    #[test]
    fn utf8_truncated_throughout_is_refused_not_read_as_gbk() {
        let mut bytes = Vec::new();
        for (i, c) in SAMPLE.chars().enumerate() {
            let mut buf = [0u8; 4];
            let encoded = c.encode_utf8(&mut buf).as_bytes();
            bytes.extend_from_slice(if i % 3 == 2 { &encoded[..2] } else { encoded });
        }
        assert!(matches!(
            decode(&bytes, None),
            Err(DecodeError::Malformed {
                encoding: "UTF-8",
                ..
            })
        ));
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(SAMPLE.as_bytes());
        let decoded = decode(&bytes, Some("gbk")).unwrap();
        assert_eq!(decoded.text, SAMPLE);
        assert_eq!(decoded.how, DecodedHow::Bom);
    }

    #[test]
    fn gbk_undeclared_is_detected() {
        let decoded = decode(&gbk(SAMPLE), None).unwrap();
        assert_eq!(decoded.text, SAMPLE);
        assert_eq!(decoded.encoding, "GBK");
        assert_eq!(decoded.how, DecodedHow::Detected);
    }

    #[test]
    fn big5_undeclared_is_detected() {
        let traditional = "臺北市政府公告：為推動清潔生產，依據環境保護相關法規，訂定本辦法，\
            自公布日施行。各機關應依本辦法辦理相關業務，並定期檢討實施成效。";
        let bytes = encoding_rs::BIG5.encode(traditional).0.into_owned();
        let decoded = decode(&bytes, None).unwrap();
        assert_eq!(decoded.encoding, "Big5");
        assert_eq!(decoded.text, traditional);
    }

    #[test]
    fn gb2312_label_decodes_as_gbk() {
        let decoded = decode(&gbk(SAMPLE), Some("GB2312")).unwrap();
        assert_eq!(decoded.text, SAMPLE);
        assert_eq!(decoded.encoding, "GBK");
        assert_eq!(decoded.how, DecodedHow::Declared);
    }

    #[test]
    fn meta_charset_and_http_equiv_are_read() {
        let page = format!("<html><head><meta charset=\"gb18030\"><title>{SAMPLE}</title>");
        let decoded = decode(&gbk(&page), None).unwrap();
        assert_eq!(decoded.how, DecodedHow::Meta);
        assert_eq!(decoded.encoding, "gb18030");
        assert!(decoded.text.contains("清洁生产"));

        let page = format!(
            "<HTML><HEAD><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=gb2312\"></HEAD>{SAMPLE}"
        );
        let decoded = decode(&gbk(&page), None).unwrap();
        assert_eq!(decoded.how, DecodedHow::Meta);
        assert_eq!(decoded.encoding, "GBK");
    }

    #[test]
    fn wrong_http_declaration_falls_back_to_meta() {
        let page = format!("<meta charset=gbk>{SAMPLE}");
        let decoded = decode(&gbk(&page), Some("utf-8")).unwrap();
        assert_eq!(decoded.how, DecodedHow::Meta);
        assert_eq!(decoded.text, page);
    }

    #[test]
    fn unknown_declared_charset_is_an_error() {
        assert_eq!(
            decode(SAMPLE.as_bytes(), Some("klingon")),
            Err(DecodeError::UnknownCharset("klingon".into()))
        );
    }

    #[test]
    fn nul_bytes_are_binary() {
        let bytes = b"%PDF-1.4\n\x00\x01\x02";
        assert_eq!(decode(bytes, None), Err(DecodeError::Binary { offset: 9 }));
    }

    #[test]
    fn malformed_bytes_are_refused_not_mojibake() {
        // High bytes in no Chinese encoding's pattern: the declaration fails and detection
        // finds nothing trustworthy, so the error reports the declared encoding.
        let bytes: Vec<u8> = (0..400u32).map(|i| 0x80 + (i * 37 % 0x7F) as u8).collect();
        match decode(&bytes, Some("utf-8")) {
            Err(DecodeError::Malformed { encoding, .. }) => assert_eq!(encoding, "UTF-8"),
            other => panic!("expected Malformed, got {other:?}"),
        }
        assert!(decode(&bytes, None).is_err());
    }

    #[test]
    fn latin1_looking_bytes_are_not_guessed_silently() {
        let bytes = "Politique de production propre: élaborée, révisée, approuvée."
            .chars()
            .map(|c| c as u32 as u8)
            .collect::<Vec<u8>>();
        assert!(matches!(
            decode(&bytes, None),
            Err(DecodeError::Undetected { .. })
        ));
    }

    #[test]
    fn one_stray_byte_is_tolerated() {
        let mut bytes = SAMPLE.as_bytes().to_vec();
        bytes.push(0xE6); // truncated mid-character, as a cut-off download would be
        let decoded = decode(&bytes, Some("utf-8")).unwrap();
        assert!(decoded.text.starts_with(SAMPLE));
        assert_eq!(decoded.how, DecodedHow::Declared);
    }

    #[test]
    fn charset_is_read_from_content_type() {
        assert_eq!(
            charset_from_content_type("text/html; charset=GB2312").as_deref(),
            Some("GB2312")
        );
        assert_eq!(
            charset_from_content_type("text/html;Charset=\"utf-8\"").as_deref(),
            Some("utf-8")
        );
        assert_eq!(charset_from_content_type("text/html"), None);
        assert_eq!(charset_from_content_type("text/html; charset="), None);
    }

    #[test]
    fn empty_input_decodes_to_empty_text() {
        assert_eq!(decode(b"", None).unwrap().text, "");
    }
}
