//! Writing systems decide many languages on their own: Hangul is Korean,
//! kana is Japanese, Han alone is Chinese (Simplified or Traditional told
//! apart), Thai, Greek, Hebrew and Devanagari each have one served language,
//! and letters only one language uses settle Arabic vs Persian and Russian
//! vs Ukrainian. Pure.

/// The scripts that matter for the served languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    Latin,
    Cyrillic,
    Arabic,
    Hebrew,
    Greek,
    Devanagari,
    Thai,
    Hangul,
    Kana,
    Han,
    Other,
}

pub fn script_of(c: char) -> Option<Script> {
    let s = match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F => Script::Cyrillic,
        0x590..=0x5FF | 0xFB1D..=0xFB4F => Script::Hebrew,
        0x600..=0x6FF | 0x750..=0x77F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x900..=0x97F => Script::Devanagari,
        0xE00..=0xE7F => Script::Thai,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF => Script::Han,
        _ if c.is_alphabetic() => Script::Other,
        _ => return None,
    };
    Some(s)
}

/// True when the text has a word of some language: letters outside tokens
/// that are codes, addresses or links (`#A-4821`, `max@example.de`,
/// `https://…`). A message of only numbers, codes and addresses reads the
/// same in every language.
pub fn has_words(text: &str) -> bool {
    text.split_whitespace().any(|token| {
        let letters = token.chars().any(|c| script_of(c).is_some());
        let code = token.chars().any(|c| c.is_ascii_digit())
            || token.contains('@')
            || token.contains("://")
            || token.starts_with("www.");
        letters && !code
    })
}

/// Letters per script in a text.
#[derive(Debug, Default, Clone)]
pub struct Counts {
    pub total: usize,
    counts: Vec<(Script, usize)>,
}

impl Counts {
    pub fn of(text: &str) -> Counts {
        let mut c = Counts::default();
        for ch in text.chars() {
            if let Some(s) = script_of(ch) {
                c.total += 1;
                match c.counts.iter_mut().find(|(k, _)| *k == s) {
                    Some((_, n)) => *n += 1,
                    None => c.counts.push((s, 1)),
                }
            }
        }
        c
    }

    pub fn get(&self, s: Script) -> usize {
        self.counts
            .iter()
            .find(|(k, _)| *k == s)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }

    /// The script that carries the text. A Han, kana, Hangul or Thai
    /// character says as much as a word: brand names in Latin letters
    /// ("iPhone", "PayPal") inside Chinese do not make the text Latin.
    pub fn main(&self) -> Option<Script> {
        self.counts
            .iter()
            .max_by_key(|(s, n)| match s {
                Script::Han | Script::Kana | Script::Hangul | Script::Thai => n * 4,
                _ => *n,
            })
            .map(|(s, _)| *s)
    }
}

/// What the script alone says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// One language, with the rule that decided it.
    Language(&'static str, &'static str),
    /// Only these languages write this script; the model chooses among them.
    Among(&'static [&'static str]),
    /// Latin or another script many languages share.
    Open,
}

const ARABIC_SCRIPT: &[&str] = &["ar", "fa", "ur"];
const CYRILLIC: &[&str] = &["ru", "uk", "bg", "sr", "mk", "be", "kk"];

/// Letters written by Persian and not Arabic; and by Arabic and not Persian.
const PERSIAN_ONLY: &[char] = &['پ', 'چ', 'ژ', 'گ', 'ی', 'ک'];
const ARABIC_ONLY: &[char] = &['ة', 'ي', 'ك', 'ى', 'إ', 'أ', 'ؤ', 'ئ'];
const UKRAINIAN_ONLY: &[char] = &['і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є', 'Ґ'];
const RUSSIAN_ONLY: &[char] = &['ы', 'э', 'ъ', 'ё', 'Ы', 'Э', 'Ъ', 'Ё'];

pub fn verdict(text: &str, counts: &Counts) -> Verdict {
    let Some(main) = counts.main() else {
        return Verdict::Open;
    };
    // Any kana makes Japanese, even in mostly-kanji text.
    if counts.get(Script::Kana) > 0
        && counts.get(Script::Kana) + counts.get(Script::Han) >= counts.total / 2
    {
        return Verdict::Language("ja", "kana");
    }
    match main {
        Script::Hangul => Verdict::Language("ko", "hangul"),
        Script::Han => Verdict::Language("zh", "han"),
        Script::Kana => Verdict::Language("ja", "kana"),
        Script::Thai => Verdict::Language("th", "thai"),
        Script::Greek => Verdict::Language("el", "greek"),
        Script::Hebrew => Verdict::Language("he", "hebrew"),
        Script::Devanagari => Verdict::Language("hi", "devanagari"),
        Script::Arabic => {
            let persian = text.chars().filter(|c| PERSIAN_ONLY.contains(c)).count();
            let arabic = text.chars().filter(|c| ARABIC_ONLY.contains(c)).count();
            match (persian > 0, arabic > 0) {
                (true, false) => Verdict::Language("fa", "persian-letters"),
                (false, true) => Verdict::Language("ar", "arabic-letters"),
                _ => Verdict::Among(ARABIC_SCRIPT),
            }
        }
        Script::Cyrillic => {
            let uk = text.chars().filter(|c| UKRAINIAN_ONLY.contains(c)).count();
            let ru = text.chars().filter(|c| RUSSIAN_ONLY.contains(c)).count();
            match (uk > 0, ru > 0) {
                (true, false) => Verdict::Language("uk", "ukrainian-letters"),
                (false, true) => Verdict::Language("ru", "russian-letters"),
                _ => Verdict::Among(CYRILLIC),
            }
        }
        Script::Latin | Script::Other => Verdict::Open,
    }
}

/// Characters written differently in Simplified and Traditional Chinese
/// (the commonest ones in shop conversations).
const SIMPLIFIED: &str = "们这说话时间问题给还没发货订单单为么该开关东车钱买卖账户号码运费邮寄达国际书长电网页点击办负责处预计将换实际写传";
const TRADITIONAL: &str = "們這說話時間問題給還沒發貨訂單單為麼該開關東車錢買賣帳戶號碼運費郵寄達國際書長電網頁點擊辦負責處預計將換實際寫傳";

/// `Hans` or `Hant` for Chinese text, when it shows.
pub fn chinese_variant(text: &str) -> Option<&'static str> {
    let simplified = text
        .chars()
        .filter(|c| SIMPLIFIED.contains(*c) && !TRADITIONAL.contains(*c))
        .count();
    let traditional = text
        .chars()
        .filter(|c| TRADITIONAL.contains(*c) && !SIMPLIFIED.contains(*c))
        .count();
    match simplified.cmp(&traditional) {
        std::cmp::Ordering::Greater => Some("Hans"),
        std::cmp::Ordering::Less => Some("Hant"),
        std::cmp::Ordering::Equal => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_codes_and_addresses_are_not_words() {
        for text in [
            "123456789",
            "#48213",
            "A-4821 / 2024-11-03",
            "max@example.de",
            "https://shop.example/o/12 ?",
            "👍",
        ] {
            assert!(!has_words(text), "{text}");
        }
        for text in ["Bestellung 123", "ok", "注文", "спасибо!"] {
            assert!(has_words(text), "{text}");
        }
    }

    fn v(text: &str) -> Verdict {
        verdict(text, &Counts::of(text))
    }

    #[test]
    fn single_language_scripts() {
        assert_eq!(v("배송이 언제 와요?"), Verdict::Language("ko", "hangul"));
        assert_eq!(v("注文はどこですか"), Verdict::Language("ja", "kana"));
        assert_eq!(v("返品します"), Verdict::Language("ja", "kana"));
        assert_eq!(v("退货"), Verdict::Language("zh", "han"));
        assert_eq!(v("พัสดุยังไม่มา"), Verdict::Language("th", "thai"));
        assert_eq!(
            v("Πού είναι η παραγγελία μου;"),
            Verdict::Language("el", "greek")
        );
        assert_eq!(v("איפה ההזמנה שלי"), Verdict::Language("he", "hebrew"));
        assert_eq!(v("मेरा ऑर्डर कहाँ है"), Verdict::Language("hi", "devanagari"));
        assert_eq!(v("Where is it"), Verdict::Open);
        assert_eq!(v("123 !!"), Verdict::Open);
    }

    #[test]
    fn letters_only_one_language_writes() {
        assert_eq!(
            v("سفارشم کی می‌رسد"),
            Verdict::Language("fa", "persian-letters")
        );
        assert_eq!(
            v("متى يصل الطلب"),
            Verdict::Language("ar", "arabic-letters")
        );
        assert_eq!(v("شكرا"), Verdict::Language("ar", "arabic-letters"));
        assert_eq!(v("سلام"), Verdict::Among(ARABIC_SCRIPT));
        assert_eq!(
            v("Де моє замовлення"),
            Verdict::Language("uk", "ukrainian-letters")
        );
        assert_eq!(
            v("Где мой заказ, вы что"),
            Verdict::Language("ru", "russian-letters")
        );
        assert_eq!(v("спасибо"), Verdict::Among(CYRILLIC));
    }

    #[test]
    fn simplified_and_traditional_are_told_apart() {
        assert_eq!(chinese_variant("我的订单什么时候发货"), Some("Hans"));
        assert_eq!(chinese_variant("我的訂單什麼時候發貨"), Some("Hant"));
        assert_eq!(chinese_variant("谢谢你"), None);
    }
}
