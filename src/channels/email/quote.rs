//! What the shopper wrote in an e-mail, without what the mail client added:
//! the quoted earlier messages (`>` lines, an "On … wrote:" header and
//! everything after it, a forwarded "Original Message" block), the
//! signature after `-- ` and the "Sent from my iPhone" footers. Only the new
//! text is detected, translated and answered; a quoted message would be
//! answered twice, and a signature read as the shopper's language.

/// Quote headers per language: the words they start with and the verb
/// they hold ("On Tue, … Ana <ana@x> wrote:", "Am Di., … schrieb Ana
/// <ana@x>:").
const HEADERS: &[(&[&str], &[&str])] = &[
    (&["On "], &[" wrote", " writes"]),
    (&["Am "], &[" schrieb", " geschrieben"]),
    (&["El ", "En "], &[" escribió"]),
    (&["Le "], &[" a écrit"]),
    (&["Il "], &[" ha scritto"]),
    (&["Em ", "Às "], &[" escreveu"]),
    (&["Op "], &[" schreef", " geschreven"]),
    (&["W dniu "], &[" napisał", " pisze"]),
    (&["Den ", "På "], &[" skrev"]),
];

/// Lines that begin a forwarded or quoted message in Outlook-style clients.
const SEPARATORS: &[&str] = &[
    "original message",
    "ursprüngliche nachricht",
    "mensaje original",
    "message d'origine",
    "messaggio originale",
    "mensagem original",
    "oorspronkelijk bericht",
    "forwarded message",
    "weitergeleitete nachricht",
];

/// Mobile clients' footers (compared in lower case, at the start of a line).
const FOOTERS: &[&str] = &[
    "sent from my ",
    "sent from outlook",
    "get outlook for ",
    "von meinem ",
    "gesendet von ",
    "gesendet mit ",
    "enviado desde mi ",
    "enviado desde ",
    "envoyé de mon ",
    "envoyé depuis ",
    "inviato da ",
    "enviado do meu ",
    "verzonden vanaf mijn ",
    "verstuurd vanaf mijn ",
];

/// The new text of an e-mail body: quoted lines dropped, and everything
/// from the first quote header, separator, signature or footer on cut.
/// Blank lines at either end are removed.
pub fn new_text(body: &str) -> String {
    let body = body.replace("\r\n", "\n");
    let lines: Vec<&str> = body.lines().collect();
    let mut kept: Vec<&str> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if ends_here(line, lines.get(i + 1).copied()) {
            break;
        }
        if line.trim_start().starts_with('>') {
            continue;
        }
        kept.push(line.trim_end());
    }
    let start = kept
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(kept.len());
    let end = kept
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |e| e + 1);
    kept[start..end].join("\n")
}

/// Whether the new text ends before `line` (`next` is the line after it: a
/// quote header is often wrapped over two).
fn ends_here(line: &str, next: Option<&str>) -> bool {
    let trimmed = line.trim();
    if trimmed == "--" || line == "-- " || line == "—" {
        return true;
    }
    let lower = trimmed.to_lowercase();
    if FOOTERS.iter().any(|f| lower.starts_with(f)) && trimmed.chars().count() < 80 {
        return true;
    }
    if is_separator(&lower) {
        return true;
    }
    is_quote_header(trimmed)
        || next.is_some_and(|n| {
            !n.trim_start().starts_with('>') && is_quote_header(&format!("{trimmed} {}", n.trim()))
        })
}

/// "-----Original Message-----", "---------- Forwarded message ---------",
/// or Outlook's line of underscores.
fn is_separator(lower: &str) -> bool {
    if lower.len() >= 20 && lower.chars().all(|c| c == '_') {
        return true;
    }
    lower.starts_with("-----")
        && SEPARATORS
            .iter()
            .any(|s| lower.trim_matches(|c: char| c == '-' || c.is_whitespace()) == *s)
}

/// "On Tue, 3 Mar 2026 at 10:15, Ana <ana@example.com> wrote:" and its
/// translations: an opening word, the verb, a colon at the end, and an
/// address or a time of day, on at most two lines of a reasonable length.
fn is_quote_header(text: &str) -> bool {
    if text.chars().count() > 300 || !text.ends_with(':') {
        return false;
    }
    let b = text.as_bytes();
    let has_time = (1..b.len().saturating_sub(2)).any(|i| {
        b[i] == b':'
            && b[i - 1].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
    });
    if !text.contains('@') && !has_time {
        return false;
    }
    HEADERS.iter().any(|(starts, verbs)| {
        starts.iter().any(|s| text.starts_with(s)) && verbs.iter().any(|v| text.contains(v))
    })
}

#[cfg(test)]
mod tests {
    use super::new_text;

    #[test]
    fn a_german_reply_loses_its_quote_and_signature() {
        let body = "Hallo,\r\n\r\nwo ist meine Bestellung? Sie ist seit einer Woche unterwegs.\r\n\r\n\
                    Viele Grüße\r\nAnna\r\n-- \r\nAnna Müller\r\nTel. +49 30 1234567\r\n\r\n\
                    Am Di., 3. März 2026 um 10:15 Uhr schrieb Kundenservice <\r\nhilfe@shop.example>:\r\n\
                    > Vielen Dank für Ihre Bestellung.\r\n";
        assert_eq!(
            new_text(body),
            "Hallo,\n\nwo ist meine Bestellung? Sie ist seit einer Woche unterwegs.\n\nViele Grüße\nAnna"
        );
    }

    #[test]
    fn quote_headers_in_several_languages_end_the_new_text() {
        for (body, new) in [
            (
                "Where is my order?\n\nOn Tue, Mar 3, 2026 at 10:15 AM Shop <help@shop.example> wrote:\n> Thanks for your order.",
                "Where is my order?",
            ),
            (
                "¿Dónde está mi pedido?\n\nEl mar, 3 mar 2026 a las 10:15, Tienda (<help@shop.example>) escribió:\n> Gracias.",
                "¿Dónde está mi pedido?",
            ),
            (
                "Où est ma commande ?\n\nLe mar. 3 mars 2026 à 10:15, Boutique <help@shop.example> a écrit :\n> Merci.",
                "Où est ma commande ?",
            ),
            (
                "Dov'è il mio ordine?\n\nIl giorno mar 3 mar 2026 alle ore 10:15 Negozio <help@shop.example> ha scritto:\n> Grazie.",
                "Dov'è il mio ordine?",
            ),
            (
                "Waar is mijn bestelling?\n\nOp di 3 mrt. 2026 om 10:15 schreef Winkel <help@shop.example>:\n> Bedankt.",
                "Waar is mijn bestelling?",
            ),
            (
                "Wo ist mein Paket?\n\nAm 03.03.2026 um 10:15 schrieb Kundenservice <hilfe@shop.example>:\n\n> Danke.",
                "Wo ist mein Paket?",
            ),
        ] {
            assert_eq!(new_text(body), new, "{body}");
        }
    }

    #[test]
    fn footers_and_outlook_blocks_end_the_new_text() {
        for (body, new) in [
            (
                "Wo bleibt mein Paket?\n\nVon meinem iPhone gesendet",
                "Wo bleibt mein Paket?",
            ),
            (
                "Where is my parcel?\n\nSent from my iPhone\n\n> On 3 Mar 2026 …",
                "Where is my parcel?",
            ),
            (
                "Mi paquete no llegó\nEnviado desde mi Samsung",
                "Mi paquete no llegó",
            ),
            (
                "Bitte stornieren.\n\n-----Ursprüngliche Nachricht-----\nVon: Shop\nGesendet: Dienstag",
                "Bitte stornieren.",
            ),
            (
                "Please cancel.\n\n________________________________\nFrom: Shop\nSent: Tuesday",
                "Please cancel.",
            ),
            ("Merci !\n--\nJean Dupont", "Merci !"),
        ] {
            assert_eq!(new_text(body), new, "{body}");
        }
    }

    #[test]
    fn inline_answers_keep_the_new_lines_only_and_ordinary_sentences_stay() {
        let inline = "> Which order number?\n12345\n> And the postcode?\n10115";
        assert_eq!(new_text(inline), "12345\n10115");
        // Sentences that merely look like a header's ends are kept.
        for text in [
            "On Monday my neighbour wrote: nothing arrived.\nPlease check.",
            "On 3 May I wrote to you about this:\n- the parcel\n- the invoice",
            "I was told it was sent from my account twice, please refund one.",
            "Am Montag kam nichts an.",
        ] {
            let keep = new_text(text);
            assert!(keep.starts_with(&text[..20]), "{text} → {keep}");
        }
        assert_eq!(new_text("> only a quote\n> nothing new"), "");
        assert_eq!(new_text("\n\n  Hi\n\n"), "  Hi");
    }
}
