//! A phone number in the visitor's country (#37 point 4): the phone
//! fields offer the countries with their calling codes and take the number
//! as it is dialled at home; it is sent in international form. The site's
//! default is `--default-country` (`config::default_country`), else the
//! browser's region. The one table a phone-number library would need for
//! this, and no more; the countries' names are the browser's, in the page's
//! language (`Intl.DisplayNames`).

use std::cell::Cell;

/// Each country's ISO 3166 code and its calling code (ITU-T E.164).
const TABLE: &str = "AD376 AE971 AF93 AG1 AI1 AL355 AM374 AO244 AR54 AS1 AT43 AU61 AW297 AX358 \
    AZ994 BA387 BB1 BD880 BE32 BF226 BG359 BH973 BI257 BJ229 BL590 BM1 BN673 BO591 BQ599 BR55 \
    BS1 BT975 BW267 BY375 BZ501 CA1 CC61 CD243 CF236 CG242 CH41 CI225 CK682 CL56 CM237 CN86 \
    CO57 CR506 CU53 CV238 CW599 CX61 CY357 CZ420 DE49 DJ253 DK45 DM1 DO1 DZ213 EC593 EE372 \
    EG20 EH212 ER291 ES34 ET251 FI358 FJ679 FK500 FM691 FO298 FR33 GA241 GB44 GD1 GE995 GF594 \
    GG44 GH233 GI350 GL299 GM220 GN224 GP590 GQ240 GR30 GT502 GU1 GW245 GY592 HK852 HN504 \
    HR385 HT509 HU36 ID62 IE353 IL972 IM44 IN91 IO246 IQ964 IR98 IS354 IT39 JE44 JM1 JO962 \
    JP81 KE254 KG996 KH855 KI686 KM269 KN1 KP850 KR82 KW965 KY1 KZ7 LA856 LB961 LC1 LI423 \
    LK94 LR231 LS266 LT370 LU352 LV371 LY218 MA212 MC377 MD373 ME382 MF590 MG261 MH692 MK389 \
    ML223 MM95 MN976 MO853 MP1 MQ596 MR222 MS1 MT356 MU230 MV960 MW265 MX52 MY60 MZ258 NA264 \
    NC687 NE227 NF672 NG234 NI505 NL31 NO47 NP977 NR674 NU683 NZ64 OM968 PA507 PE51 PF689 \
    PG675 PH63 PK92 PL48 PM508 PR1 PS970 PT351 PW680 PY595 QA974 RE262 RO40 RS381 RU7 RW250 \
    SA966 SB677 SC248 SD249 SE46 SG65 SH290 SI386 SJ47 SK421 SL232 SM378 SN221 SO252 SR597 \
    SS211 ST239 SV503 SX1 SY963 SZ268 TC1 TD235 TG228 TH66 TJ992 TK690 TL670 TM993 TN216 \
    TO676 TR90 TT1 TV688 TW886 TZ255 UA380 UG256 US1 UY598 UZ998 VA39 VC1 VE58 VG1 VI1 VN84 \
    VU678 WF681 WS685 XK383 YE967 YT262 ZA27 ZM260 ZW263";

/// Every country: its code and its calling code, in the code's order.
pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    TABLE
        .split_whitespace()
        .filter_map(|entry| Some((entry.get(..2)?, entry.get(2..)?)))
}

/// The calling code of the country `iso` (`TR` -> `90`).
pub fn calling_code(iso: &str) -> Option<&'static str> {
    all()
        .find(|(code, _)| code.eq_ignore_ascii_case(iso))
        .map(|(_, calling)| calling)
}

/// The region of a language tag, when it names one (`tr-TR` -> `TR`,
/// `zh-Hant-TW` -> `TW`; `de`, `es-419` name none).
pub fn region_of(tag: &str) -> Option<String> {
    tag.split(['-', '_'])
        .skip(1)
        .find(|part| part.len() == 2 && part.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase)
        .filter(|region| calling_code(region).is_some())
}

/// The number `typed` in international form (`+905321234567`): as typed
/// when it starts with `+`, else dialled at home in the country of
/// `calling` (its one trunk `0` dropped, except in Italy, where it is part
/// of the number). `None` when it cannot be a number.
pub fn international(typed: &str, calling: Option<&str>) -> Option<String> {
    let typed = typed.trim();
    let digits = |s: &str| -> Option<String> {
        let kept: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        kept.bytes().all(|b| b.is_ascii_digit()).then_some(kept)
    };
    let full = match typed.strip_prefix('+') {
        Some(rest) => digits(rest)?,
        None => {
            let calling = calling?;
            let national = digits(typed)?;
            let national = match national.strip_prefix('0') {
                Some(rest) if calling != "39" => rest.to_owned(),
                _ => national,
            };
            if national.is_empty() {
                return None;
            }
            format!("{calling}{national}")
        }
    };
    ((7..=15).contains(&full.len()) && !full.starts_with('0')).then(|| format!("+{full}"))
}

thread_local! {
    /// The country the phone fields are in on this page (`choose`), and
    /// its calling code: kept beside it so that the checks of a number
    /// (in the guest pages' module) need no table (which only the phone
    /// fields, in the chunk, reach).
    static CHOSEN: Cell<Option<(&'static str, &'static str)>> = const { Cell::new(None) };
}

/// The country the phone fields are in, if one is chosen.
pub fn chosen() -> Option<&'static str> {
    CHOSEN.with(Cell::get).map(|(iso, _)| iso)
}

/// Puts the phone fields in the country `iso` (none for an unknown code:
/// then a number is typed with `+`).
pub fn choose(iso: &str) {
    let known = all().find(|(code, _)| code.eq_ignore_ascii_case(iso));
    CHOSEN.with(|c| c.set(known));
}

/// The calling code of the country chosen.
pub fn chosen_calling_code() -> Option<&'static str> {
    CHOSEN.with(Cell::get).map(|(_, calling)| calling)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_each_country_once_with_its_calling_code() {
        let codes: Vec<_> = all().map(|(code, _)| code).collect();
        assert!(codes.len() > 240, "{}", codes.len());
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        assert!(all().all(
            |(code, calling)| code.bytes().all(|b| b.is_ascii_uppercase())
                && !calling.is_empty()
                && calling.bytes().all(|b| b.is_ascii_digit())
        ));
        for (iso, calling) in [
            ("TR", "90"),
            ("us", "1"),
            ("DE", "49"),
            ("SA", "966"),
            ("GB", "44"),
        ] {
            assert_eq!(calling_code(iso), Some(calling), "{iso}");
        }
        assert_eq!(calling_code("ZZ"), None);
    }

    #[test]
    fn a_number_dialled_at_home_is_sent_in_international_form() {
        assert_eq!(
            international("0532 123 45 67", Some("90")).as_deref(),
            Some("+905321234567")
        );
        assert_eq!(
            international("(415) 555-0123", Some("1")).as_deref(),
            Some("+14155550123")
        );
        assert_eq!(
            international("0151 2345678", Some("49")).as_deref(),
            Some("+491512345678")
        );
        // Italy keeps its 0.
        assert_eq!(
            international("06 1234 5678", Some("39")).as_deref(),
            Some("+390612345678")
        );
        // Typed with +: as typed, whatever the country.
        assert_eq!(
            international("+44 20 7946 0958", Some("90")).as_deref(),
            Some("+442079460958")
        );
        assert_eq!(
            international("+14155550123", None).as_deref(),
            Some("+14155550123")
        );
        // No country: a national number cannot be read.
        assert_eq!(international("5321234567", None), None);
        for bad in [
            "",
            "0",
            "12ab",
            "+0123456789",
            "+123",
            "0532 123 45 67 89 01 23",
        ] {
            assert_eq!(international(bad, Some("90")), None, "{bad}");
        }
    }

    #[test]
    fn the_browsers_region_is_read_from_its_language_tags() {
        assert_eq!(region_of("tr-TR").as_deref(), Some("TR"));
        assert_eq!(region_of("zh-Hant-TW").as_deref(), Some("TW"));
        assert_eq!(region_of("en_gb").as_deref(), Some("GB"));
        for none in ["de", "es-419", "en-ZZ", ""] {
            assert_eq!(region_of(none), None, "{none}");
        }
    }

    #[test]
    fn a_chosen_country_is_one_of_the_table() {
        choose("tr");
        assert_eq!((chosen(), chosen_calling_code()), (Some("TR"), Some("90")));
        choose("ZZ");
        assert_eq!(chosen(), None);
    }
}
