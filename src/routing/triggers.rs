//! When a shopper asks for a person, in any served language. Pure; the
//! lexicon is small and explicit. (Upset shoppers: `crate::emotion`.)

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

/// The shopper asks for a person.
pub fn asks_for_person(text: &str) -> bool {
    let lower = text.to_lowercase();
    ASK_FOR_PERSON.iter().any(|p| lower.contains(p))
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
}
