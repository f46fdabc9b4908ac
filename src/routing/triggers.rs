//! When a conversation needs a person: the shopper asks for one (in any
//! served language), or is upset. Pure; lexicons are small and explicit.

/// Phrases asking for a person, lower case, by language.
const ASK_FOR_PERSON: &[&str] = &[
    // en
    "talk to a person",
    "speak to a person",
    "real person",
    "a human",
    "human agent",
    "talk to someone",
    "speak to someone",
    "customer service agent",
    "representative",
    "live agent",
    "operator",
    "talk to an agent",
    "speak to an agent",
    // es
    "hablar con una persona",
    "hablar con alguien",
    "persona real",
    "un humano",
    "un agente",
    "un asesor",
    "atención humana",
    // pt
    "falar com uma pessoa",
    "falar com alguém",
    "falar com um atendente",
    "atendente humano",
    "atendimento humano",
    // de
    "mit einem menschen",
    "mit einem mitarbeiter",
    "mit einer person",
    "echten menschen",
    "einen mitarbeiter",
    // fr
    "parler à une personne",
    "parler a une personne",
    "un conseiller",
    "une vraie personne",
    "un humain",
    "parler à quelqu'un",
    // it
    "parlare con una persona",
    "parlare con un operatore",
    "un operatore",
    // nl
    "met een medewerker",
    "met een mens",
    "echte persoon",
    // zh
    "人工",
    "真人",
    "转人工",
    "人工客服",
    "找客服",
    "客服人员",
    // ja
    "担当者",
    "オペレーター",
    "人と話",
    "スタッフと話",
    // ko
    "상담원",
    "상담사",
    "사람과 이야기",
    "사람이랑",
    // ru / uk
    "оператор",
    "живым человеком",
    "с человеком",
    "з людиною",
    "з оператором",
    // pl / cs / tr / ar / fa / he / hi / th / vi / id / ms
    "z konsultantem",
    "s operátorem",
    "temsilci",
    "canlı destek",
    "موظف",
    "شخص حقيقي",
    "با اپراتور",
    "נציג",
    "किसी इंसान",
    "एजेंट से",
    "คุยกับพนักงาน",
    "gặp nhân viên",
    "nói chuyện với nhân viên",
    "bicara dengan cs",
    "dengan agen",
    "bercakap dengan ejen",
    "cakap dengan orang",
];

/// Words of anger and anxiety, lower case, many languages.
const ANGER: &[&str] = &[
    "angry",
    "furious",
    "ridiculous",
    "unacceptable",
    "scam",
    "fraud",
    "worst",
    "terrible",
    "disgusting",
    "useless",
    "lawyer",
    "sue you",
    "enfadado",
    "furioso",
    "inaceptable",
    "estafa",
    "vergüenza",
    "verguenza",
    "pésimo",
    "pesimo",
    "ridículo",
    "harto",
    "absurdo",
    "golpe",
    "péssimo",
    "palhaçada",
    "wütend",
    "unverschämt",
    "frechheit",
    "betrug",
    "unzumutbar",
    "skandal",
    "furieux",
    "inadmissible",
    "arnaque",
    "honteux",
    "scandaleux",
    "inaccettabile",
    "truffa",
    "vergogna",
    "schandalig",
    "oplichting",
    "气死",
    "骗子",
    "太差",
    "垃圾",
    "投诉",
    "愤怒",
    "离谱",
    "ふざけ",
    "最悪",
    "詐欺",
    "怒",
    "사기",
    "최악",
    "화나",
    "безобразие",
    "мошенники",
    "ужас",
    "обман",
    "шахраї",
    "жахливо",
    "oszustwo",
    "skandal",
    "rezalet",
    "dolandırıcı",
    "نصب",
    "احتيال",
    "مهزلة",
    "کلاهبرداری",
    "افتضاح",
    "נוכלים",
    "धोखा",
    "โกง",
    "lừa đảo",
    "penipu",
    "parah",
];
const ANXIETY: &[&str] = &[
    "worried",
    "anxious",
    "urgent",
    "urgently",
    "desperate",
    "please help",
    "help me",
    "scared",
    "nervous",
    "preocupado",
    "preocupada",
    "urgente",
    "desesperado",
    "desesperada",
    "ayuda por favor",
    "socorro",
    "ajuda",
    "besorgt",
    "dringend",
    "verzweifelt",
    "hilfe",
    "inquiet",
    "inquiète",
    "s'il vous plaît aidez",
    "au secours",
    "preoccupato",
    "着急",
    "急",
    "担心",
    "救命",
    "心配",
    "至急",
    "急いで",
    "걱정",
    "급해",
    "срочно",
    "помогите",
    "беспокоюсь",
    "терміново",
    "pilne",
    "acil",
    "endişe",
    "عاجل",
    "ساعدوني",
    "فوری",
    "דחוף",
    "जल्दी",
    "ด่วน",
    "gấp",
    "tolong",
    "segera",
];
const UPSET_EMOJI: &[char] = &[
    '😡', '🤬', '😤', '😠', '😢', '😭', '😰', '😱', '😩', '😫', '💢',
];

/// The shopper asks for a person.
pub fn asks_for_person(text: &str) -> bool {
    let lower = text.to_lowercase();
    ASK_FOR_PERSON.iter().any(|p| lower.contains(p))
}

/// How upset a message reads, 0–1, and the dominant kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Upset {
    pub score: f64,
    pub kind: &'static str,
}

/// Above this a message hands off with raised priority.
pub const UPSET_THRESHOLD: f64 = 0.6;

pub fn upset(text: &str) -> Upset {
    let lower = text.to_lowercase();
    let anger = ANGER.iter().filter(|w| lower.contains(*w)).count() as f64;
    let anxiety = ANXIETY.iter().filter(|w| lower.contains(*w)).count() as f64;
    let emoji = text.chars().filter(|c| UPSET_EMOJI.contains(c)).count() as f64;
    let bangs = text.matches("!!").count() as f64 + text.matches("！！").count() as f64;
    let letters: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphabetic() && c.is_ascii())
        .collect();
    let shouting = letters.len() >= 8 && letters.iter().all(|c| c.is_uppercase());
    let score = 0.45 * anger
        + 0.4 * anxiety
        + 0.35 * emoji.min(2.0)
        + 0.15 * bangs.min(3.0)
        + if shouting { 0.35 } else { 0.0 };
    Upset {
        score: score.min(1.0),
        kind: if anger >= anxiety { "anger" } else { "anxiety" },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_for_a_person_in_several_languages() {
        for text in [
            "I want to talk to a person",
            "Quiero hablar con una persona",
            "Ich möchte mit einem Mitarbeiter sprechen",
            "转人工",
            "担当者と話したい",
            "상담원 연결해 주세요",
            "Соедините с оператором",
        ] {
            assert!(asks_for_person(text), "{text}");
        }
        assert!(!asks_for_person("Where is my order?"));
    }

    #[test]
    fn anger_and_anxiety_score_high_and_calm_text_low() {
        assert!(upset("This is UNACCEPTABLE!! Worst shop ever 😡").score >= UPSET_THRESHOLD);
        assert!(upset("¡Es una estafa! Estoy harto, quiero mi dinero").score >= UPSET_THRESHOLD);
        let anxious = upset("Please help, it's urgent, I'm so worried");
        assert!(anxious.score >= UPSET_THRESHOLD && anxious.kind == "anxiety");
        assert!(upset("WHERE IS MY ORDER I PAID").score < UPSET_THRESHOLD);
        assert!(upset("Where is my order?").score < 0.1);
    }
}
