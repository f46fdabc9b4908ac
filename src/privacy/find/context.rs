//! What the words before a number say about it: an order, parcel or
//! invoice number is never personal data, a number named "passport" or
//! "PESEL" is; and a match inside a longer run of digit groups is part of
//! another number.

use std::sync::OnceLock;

use regex::Regex;

use super::re;

/// Words that make the number after them an order, parcel or invoice
/// number, in the served languages (lower case; matched case-insensitively).
const ORDER_LABELS: &str = r"(?i)(?:order|orders|invoice|tracking|track|sku|item|article|ref|reference|pedido|encomenda|factura|fatura|seguimiento|rastreio|commande|facture|colis|suivi|bestellung|bestellnummer|auftrag|rechnung|sendung|sendungsnummer|ordine|fattura|spedizione|bestelling|bestel|factuur|zending|zamówienie|zamowienie|faktura|przesyłka|przesylka|заказ|заказа|накладная|посылка|订单|訂單|单号|單號|运单|快递|發票|发票|注文|注文番号|伝票|追跡|주문|송장|운송장|طلب|الطلب|فاتورة|شحنة|sipariş|siparis|fatura|kargo|objednávka|objednavka|objednávky|rendelés|rendeles|comanda|comandă|factură|ordre|bestilling|beställning|tilaus|lasku|παραγγελία|παραγγελίας|הזמנה|سفارش|ऑर्डर|đơn hàng|don hang|đơn|pesanan|nomor pesanan|ออเดอร์|คำสั่งซื้อ|계산서|세금계산서|zip|zip code|postcode|post code|postal code|plz|postleitzahl|código postal|codigo postal|code postal|cap|邮编|郵便番号|〒|우편번호|индекс|почтовый индекс|posta kodu|kod pocztowy|postnummer|postinumero|irányítószám|sku|model|modelo|modèle|modell)";

/// An order label, then at most a few words such as "number", "no." or "#".
fn order_context() -> &'static Regex {
    static P: OnceLock<Regex> = OnceLock::new();
    P.get_or_init(|| {
        re(&format!(
            r"{ORDER_LABELS}[\p{{Latin}}\p{{Cyrillic}}]{{0,8}}(?:\s*(?:is|es|est|ist|è|é|er|är|on|je|lautet|=|number|no\.?|nr\.?|n\.|nº|n°|№|#|num\.?|número|numero|numéro|nummer|numer|номер|号|番号|번호|رقم|numarası|numarasi|số|nomor|编号|編號|号码|號碼|id|code|:|：|-)){{0,3}}\s*[:：#]?\s*$"
        ))
    })
}

/// Whether the text before a number (same line) labels it as an order,
/// tracking or invoice number.
pub(super) fn labelled_order(text: &str, start: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut from = start.saturating_sub(48).max(line_start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    order_context().is_match(&text[from..start])
}

/// Whether one of `labels` (a regex alternation, case-insensitive) names
/// the value at `start`: it stands within 48 bytes before it on the same
/// line, with no other number in between ("passport number, it's X",
/// "PESEL to X", "パスポート番号はX").
pub(super) fn labelled(text: &str, start: usize, labels: &Regex) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let from = text.floor_char_boundary(start.saturating_sub(48).max(line_start));
    let window = &text[from..start];
    labels
        .find_iter(window)
        .last()
        .is_some_and(|m| !window[m.end()..].bytes().any(|b| b.is_ascii_digit()))
}

/// The match is a part of a longer run of digit groups (`1000 2761 7642
/// 9903`): the whole number is one thing, and not this one.
pub(super) fn in_longer_number(text: &str, start: usize, end: usize) -> bool {
    let before = &text.as_bytes()[..start];
    let after = &text.as_bytes()[end..];
    let joined = |sep: Option<&u8>, digit: Option<&u8>| {
        matches!(sep, Some(b' ' | b'-' | b'.' | b'/')) && digit.is_some_and(u8::is_ascii_digit)
    };
    joined(
        before.last(),
        before.len().checked_sub(2).and_then(|i| before.get(i)),
    ) || joined(after.first(), after.get(1))
}

#[cfg(test)]
mod tests {
    use super::super::values;
    use crate::privacy::Kind;

    #[test]
    fn labelled_order_numbers_are_not_cards_or_phones() {
        // Luhn-valid, 16 digits, Visa-like: a card unless the text says order.
        assert_eq!(
            values("mi tarjeta 4532 0151 1283 0366", "ES"),
            [(Kind::PaymentCard, "4532 0151 1283 0366")]
        );
        assert!(values("order number 4532015112830366 has not arrived", "US").is_empty());
        assert!(values("Bestellnummer: 4532015112830366", "DE").is_empty());
        assert!(values("订单号4532015112830366", "CN").is_empty());
    }
}
