//! How hard a new password is to guess, as it is typed (#37 point 3): a
//! score for the meter and, below "good", a line that says why. An estimate
//! in the spirit of zxcvbn (Dropbox), small enough for the chunk: the
//! characters' variety over the password's length, less for what repeats
//! or runs on (`aaaa`, `1234`, `qwerty`), nothing for one of the most
//! common passwords, little for the person's own name or address in it.
//! It judges; it refuses nothing the server takes.

use crate::i18n::Text;

/// From 0 (guessed at once) to 4 (strong).
pub const MAX_SCORE: u8 = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Strength {
    pub score: u8,
    /// Why it is no stronger, while it is below good.
    pub why: Option<Text>,
}

impl Strength {
    /// The meter's words for the score.
    pub fn level(self) -> Text {
        match self.score {
            0 => Text::StrengthVeryWeak,
            1 => Text::StrengthWeak,
            2 => Text::StrengthFair,
            3 => Text::StrengthGood,
            _ => Text::StrengthStrong,
        }
    }
}

/// Among the most common passwords of the public breach lists (lower case;
/// a digit or two and a `!` after one of these change nothing).
const COMMON: &[&str] = &[
    "123456",
    "password",
    "12345678",
    "qwerty",
    "123456789",
    "12345",
    "1234",
    "111111",
    "1234567",
    "dragon",
    "123123",
    "baseball",
    "abc123",
    "football",
    "monkey",
    "letmein",
    "696969",
    "shadow",
    "master",
    "666666",
    "qwertyuiop",
    "123321",
    "mustang",
    "1234567890",
    "michael",
    "654321",
    "superman",
    "1qaz2wsx",
    "7777777",
    "121212",
    "000000",
    "qazwsx",
    "123qwe",
    "killer",
    "trustno1",
    "jordan",
    "jennifer",
    "zxcvbnm",
    "asdfgh",
    "hunter",
    "buster",
    "soccer",
    "harley",
    "batman",
    "andrew",
    "tigger",
    "sunshine",
    "iloveyou",
    "charlie",
    "robert",
    "thomas",
    "hockey",
    "ranger",
    "daniel",
    "starwars",
    "112233",
    "george",
    "computer",
    "michelle",
    "jessica",
    "pepper",
    "zxcvbn",
    "555555",
    "11111111",
    "131313",
    "freedom",
    "777777",
    "maggie",
    "159753",
    "aaaaaa",
    "ginger",
    "princess",
    "joshua",
    "cheese",
    "amanda",
    "summer",
    "ashley",
    "nicole",
    "chelsea",
    "biteme",
    "matthew",
    "access",
    "yankees",
    "987654321",
    "dallas",
    "austin",
    "thunder",
    "taylor",
    "matrix",
    "welcome",
    "admin",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "qwerty123",
    "abc12345",
    "login",
    "hello",
    "whatever",
    "flower",
    "secret",
    "lovely",
    "monkey123",
    "football1",
    "q1w2e3r4",
    "q1w2e3r4t5",
    "asdfghjkl",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "qwe123",
    "zaq12wsx",
    "google",
    "internet",
    "samsung",
    "liverpool",
    "arsenal",
    "chocolate",
    "butterfly",
    "purple",
    "orange",
    "banana",
    "cookie",
    "pokemon",
    "naruto",
    "minecraft",
    "fuckyou",
    "superstar",
    "loveyou",
    "iloveu",
    "babygirl",
    "anthony",
    "william",
    "jasmine",
    "hannah",
    "mercedes",
    "corvette",
    "ferrari",
    "alexander",
    "qwertyu",
    "asdf1234",
    "azerty",
    "azertyuiop",
    "qwertz",
    "hallo",
    "passwort",
    "schatz",
    "sifre",
    "parola",
    "galatasaray",
    "fenerbahce",
    "besiktas",
    "motdepasse",
    "soleil",
    "contrasena",
    "contraseña",
    "teamo",
    "changeme",
    "default",
];

/// Keyboard rows, for runs such as `qwerty` or `asdf`.
const ROWS: &[&str] = &[
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "azertyuiop",
    "qwertzuiop",
    "1234567890",
];

fn is_common(lower: &str) -> bool {
    let bare = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c == '!' || c == '.');
    COMMON.contains(&lower) || (bare.len() >= 4 && COMMON.contains(&bare))
}

/// Whether `b` follows `a` as a run: the same, the next or the last
/// character, or the next key of a keyboard row.
fn runs_on(a: char, b: char) -> bool {
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    let step = (b as i64) - (a as i64);
    if step.abs() <= 1 {
        return true;
    }
    let pair: String = [a, b].iter().collect();
    ROWS.iter().any(|row| row.contains(&pair))
}

/// The score of `password` for someone who also goes by `personal` (the
/// name and the address typed on the same form).
pub fn judge(password: &str, personal: &[&str]) -> Strength {
    let lower = password.to_lowercase();
    let chars: Vec<char> = password.chars().collect();
    if chars.is_empty() {
        return Strength {
            score: 0,
            why: None,
        };
    }
    if is_common(&lower) {
        return Strength {
            score: 0,
            why: Some(Text::StrengthTooCommon),
        };
    }
    // What the variety of characters allows at each position.
    let mut pool = 0u32;
    let has = |f: fn(&char) -> bool| chars.iter().any(f);
    if has(char::is_ascii_lowercase) {
        pool += 26;
    }
    if has(char::is_ascii_uppercase) {
        pool += 26;
    }
    if has(char::is_ascii_digit) {
        pool += 10;
    }
    if has(|c| c.is_ascii_punctuation() || *c == ' ') {
        pool += 33;
    }
    if has(|c| !c.is_ascii()) {
        pool += 100;
    }
    // A character that runs on from the one before adds a little only.
    let runs = chars.windows(2).filter(|w| runs_on(w[0], w[1])).count();
    let length = chars.len() as f64 - runs as f64 * 0.75;
    let mut bits = length * f64::from(pool.max(10)).log2();
    let personal_in = personal
        .iter()
        .map(|p| p.split('@').next().unwrap_or("").trim().to_lowercase())
        .any(|p| p.chars().count() >= 3 && lower.contains(&p));
    if personal_in {
        bits /= 2.0;
    }
    let score = match bits {
        b if b < 28.0 => 0,
        b if b < 40.0 => 1,
        b if b < 52.0 => 2,
        b if b < 64.0 => 3,
        _ => MAX_SCORE,
    };
    let why = (score < 3).then(|| {
        if personal_in {
            Text::StrengthAvoidPersonal
        } else if runs * 2 >= chars.len() {
            Text::StrengthAvoidRuns
        } else {
            Text::StrengthAddWords
        }
    });
    Strength { score, why }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(password: &str) -> u8 {
        judge(password, &[]).score
    }

    #[test]
    fn the_most_common_are_guessed_at_once_whatever_their_dressing() {
        for common in [
            "password",
            "Password1",
            "qwerty123",
            "iloveyou!",
            "P@ssw0rd",
            "galatasaray1",
        ] {
            let s = judge(common, &[]);
            assert_eq!(
                (s.score, s.why),
                (0, Some(Text::StrengthTooCommon)),
                "{common}"
            );
        }
    }

    #[test]
    fn runs_and_repeats_count_for_little() {
        for run in ["aaaaaaaa", "abcdefgh", "12345678a", "qwertyui", "asdfghjk"] {
            let s = judge(run, &[]);
            assert!(s.score <= 1, "{run}: {s:?}");
        }
        assert_eq!(
            judge("abcdefghijkl", &[]).why,
            Some(Text::StrengthAvoidRuns)
        );
    }

    #[test]
    fn length_and_variety_make_it_strong() {
        assert!(score("secret1") <= 1);
        assert_eq!(judge("kx9mub", &[]).why, Some(Text::StrengthAddWords));
        assert!(score("Tr0ub4dor&3") >= 3, "{}", score("Tr0ub4dor&3"));
        assert_eq!(score("correct horse battery staple"), MAX_SCORE);
        assert_eq!(score("çay bahçesi yokuşu"), MAX_SCORE);
        // Longer never scores lower.
        let mut last = 0;
        for n in 6..30 {
            let s = score(&"x7Kq".repeat(8)[..n]);
            assert!(s >= last, "{n}");
            last = s;
        }
    }

    #[test]
    fn the_persons_own_name_or_address_in_it_is_said() {
        let s = judge(
            "adalovelace1815",
            &["Ada Lovelace", "adalovelace@example.com"],
        );
        assert_eq!(s.why, Some(Text::StrengthAvoidPersonal));
        assert!(s.score < judge("adalovelace1815", &[]).score);
        // Too short a name to matter.
        assert_eq!(judge("zq9wAl#kv2Bm", &["Al"]).why, None);
    }

    #[test]
    fn good_and_above_need_no_reason() {
        for p in ["correct horse battery staple", "Tr0ub4dor&3xyz"] {
            assert_eq!(judge(p, &[]).why, None, "{p}");
        }
        assert_eq!(
            judge("", &[]),
            Strength {
                score: 0,
                why: None
            }
        );
    }
}
