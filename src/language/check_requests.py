#!/usr/bin/env python3
"""Checks src/language/requests.tsv (written for crossdesk, Apache-2.0).

Every line is TARGET<TAB>PHRASE with a known code; "# asker: xx" comments say
who writes the phrases; every asker x target pair has 2-4 phrases; no phrase
twice; no phrase of a target inside a phrase of a later target (the matcher
takes the first target in file order); the ordinary messages below, none a
request, match nothing, as written (lower-cased) or with punctuation removed,
as src/language/request.rs matches them; the requests below match their target.
Run: python3 src/language/check_requests.py
"""
import collections, os, sys, unicodedata

CODES = set("ar cs da de el en es fa fi fr he hi hu id it ja ko ms nb nl pl pt ro ru sk sv th tr uk vi zh".split())

try:  # Rust's char::is_alphanumeric is Alphabetic or Numeric
    import regex
    _alnum = regex.compile(r"[\p{Alphabetic}\p{N}]")
    def alnum(c): return bool(_alnum.match(c))
except ImportError:  # close enough: letters, numbers and vowel signs
    def alnum(c): return unicodedata.category(c)[0] in "LN" or unicodedata.category(c) in ("Mc", "Mn") and "VIRAMA" not in unicodedata.name(c, "") and "NUKTA" not in unicodedata.name(c, "")

def lower_and_bare(text):  # as request.rs
    lower = text.lower()
    bare = " ".join("".join(c for c in lower if alnum(c) or c.isspace() or c == "-").split())
    return lower, bare

ORDINARY = [  # shopping messages that are not requests for a language
    # en
    "Where is my order?", "The English manual is missing from the box", "My English is bad, sorry for mistakes",
    "I ordered a French press but got a kettle", "Is the manual in English?",
    "The seller replied in English and I did not understand", "I don't speak French very well",
    "Can I return the Japanese knife set?", "The Chinese tea arrived damaged", "Is this keyboard a German layout?",
    "The Spanish ham was expired", "Cancel the Turkish towels please", "Is the Greek yogurt maker in stock?",
    "My package is stuck in customs in Korea", "The label is written in Russian", "Danish butter cookies please, two tins",
    "Do the Thai curry pastes contain nuts?", "Shoe polish please, black", "Can I have a danish please", "Pad thai sauce please",
    "The instructions are only in Italian. Please send a new copy", "Why is the invoice in Dutch?",
    "My wife speaks Portuguese but I don't", "The subtitles are in Swedish, not Norwegian",
    "I bought a Persian rug, when will it arrive?", "The Hindi subtitles don't work",
    "Is there a Vietnamese coffee filter in stock?", "The Arabic keyboard stickers are missing",
    "Please send the invoice in English for my company", "Can you speak to the courier? He only speaks Polish",
    "Do you speak to customers on the phone?", "The manual is in Chinese. Please send the English one",
    "The book is in Hebrew, I wanted Arabic", "Nail polish please, the red one", "I can't speak Hungarian, my mom ordered it",
    # es
    "el manual está en inglés", "Mi pedido no llegó", "No hablo bien inglés, perdón", "Compré una prensa francesa y llegó rota",
    "Las instrucciones vienen en inglés, por favor envíen otras", "¿El teclado es español o inglés?",
    "La factura en inglés por favor, es para mi empresa", "Mi hijo habla inglés pero yo no",
    "El vendedor me contestó en alemán y no entiendo", "¿Tienen el libro en versión portuguesa?", "no sé hablar en inglés",
    "el manual esta en ingles", "me hablaron en inglés y no entendí nada",
    # pt
    "Meu pedido ainda não chegou", "O manual está em inglês", "Comprei uma cafeteira francesa", "Meu inglês é ruim, desculpe",
    "Ele fala inglês mas eu não", "A nota fiscal em inglês por favor", "O robô pode falar em italiano?", "Não falo espanhol, sou brasileiro", "o manual esta em ingles",
    # fr
    "Où est ma commande ?", "Le manuel est en anglais", "J'ai commandé une cafetière italienne", "Mon anglais est mauvais, désolé",
    "Je ne parle pas anglais", "Le vendeur m'a répondu en anglais", "La facture en anglais svp, c'est pour ma société",
    "Le clavier est-il en AZERTY français ?", "le manuel est en anglais, pouvez-vous m'aider",
    # it
    "Dov'è il mio ordine?", "Il manuale è in inglese", "Ho ordinato una moka italiana", "Il mio inglese non è buono",
    "Non parlo tedesco", "La fattura per favore in inglese, serve alla ditta", "Mio marito parla inglese ma io no",
    # de
    "Wo ist meine Bestellung?", "Die Anleitung ist auf Englisch", "Die Anleitung ist nur auf Englisch. Bitte schicken Sie eine deutsche",
    "Mein Englisch ist schlecht", "Ich spreche kein Französisch", "Können Sie englische Untertitel aktivieren?",
    "Die Rechnung bitte auf Englisch, für meine Firma", "Ist die Tastatur mit deutschem Layout?", "Ich habe eine French Press bestellt",
    # nl
    "Waar is mijn bestelling?", "De handleiding is in het Engels", "Mijn Engels is niet zo goed", "Ik spreek geen Frans",
    "De factuur graag in het Engels", "Ik heb een Franse pers besteld",
    # ru
    "Где мой заказ?", "Инструкция на английском", "Инструкция только по-английски, пришлите русскую", "Мой английский плохой",
    "Я не говорю по-английски", "Продавец ответил по-английски, я не понял", "Купил французский пресс",
    "Можно счёт на английском для компании?", "Курьер говорит только по-узбекски", "А можно по-английски инструкцию?",
    # uk
    "Де моє замовлення?", "Інструкція англійською мовою", "Моя англійська погана", "Я не розмовляю англійською",
    "Продавець відповів англійською", "Чи можна рахунок англійською?",
    # pl
    "Gdzie jest moje zamówienie?", "Instrukcja jest po angielsku", "Mój angielski jest słaby", "Nie mówię po angielsku",
    "Fakturę proszę po angielsku", "Kurier mówi tylko po niemiecku",
    # cs
    "Kde je moje objednávka?", "Návod je jen anglicky", "Moje angličtina je špatná", "Nemluvím anglicky", "Fakturu prosím anglicky",
    # sk
    "Kde je moja objednávka?", "Návod je len po anglicky", "Nehovorím po anglicky", "Faktúru prosím po anglicky",
    # hu
    "Hol van a rendelésem?", "A leírás angolul van", "Nem beszélek angolul", "A számlát kérem angolul", "A futár csak németül beszél",
    # ro
    "Unde este comanda mea?", "Manualul este în engleză", "Nu vorbesc engleză", "Factura în engleză, vă rog", "Engleza mea nu e bună",
    # el
    "Πού είναι η παραγγελία μου;", "Το εγχειρίδιο είναι στα αγγλικά", "Δεν μιλάω αγγλικά", "Τα αγγλικά μου δεν είναι καλά",
    "Το τιμολόγιο στα αγγλικά παρακαλώ",
    # fi
    "Missä tilaukseni on?", "Ohje on englanniksi", "En puhu englantia", "Englantini on huono", "Lasku englanniksi kiitos",
    # sv, da, nb
    "Var är min beställning?", "Manualen är på engelska", "Jag talar inte engelska", "Fakturan på engelska tack",
    "Hvor er min ordre?", "Manualen er på engelsk", "Jeg taler ikke engelsk", "Fakturaen på engelsk tak",
    "Hvor er bestillingen min?", "Bruksanvisningen er på engelsk", "Jeg snakker ikke engelsk", "Kan du skrive på engelsk på fakturaen?",
    # tr
    "Siparişim nerede?", "Kılavuz İngilizce", "İngilizce konuşamıyorum", "Kılavuz İngilizce. Lütfen Türkçe gönderin",
    "Faturayı İngilizce istiyorum", "Türk kahvesi makinesi ne zaman gelir?", "ingilizce konusamiyorum",
    # ar
    "أين طلبي؟", "الدليل بالإنجليزية", "لا أتكلم الإنجليزية", "لغتي الإنجليزية ضعيفة", "الفاتورة بالانجليزي من فضلك",
    "البائع رد علي بالانجليزي وما فهمت", "المندوب كلمني بالانجليزي",
    # fa
    "سفارش من کجاست؟", "دفترچه راهنما به انگلیسی است", "من انگلیسی بلد نیستم", "نمی‌توانم انگلیسی صحبت کنم", "فاکتور به انگلیسی لطفا",
    # he
    "איפה ההזמנה שלי?", "ההוראות באנגלית", "אני לא מדבר אנגלית", "חשבונית באנגלית בבקשה", "האנגלית שלי לא טובה",
    # hi
    "मेरा ऑर्डर कहाँ है?", "मैनुअल अंग्रेज़ी में है", "मेरी अंग्रेज़ी अच्छी नहीं है", "मुझे अंग्रेज़ी में बात करने में दिक्कत होती है",
    "बिल अंग्रेज़ी में चाहिए",
    # th
    "สินค้าของฉันอยู่ที่ไหน", "คู่มือเป็นภาษาอังกฤษ", "ฉันพูดภาษาอังกฤษไม่ได้", "ขอใบเสร็จเป็นภาษาอังกฤษ", "ซอสผัดไทยหมดแล้วหรือยัง",
    # vi
    "Đơn hàng của tôi đâu rồi?", "Hướng dẫn bằng tiếng Anh", "Tôi không biết tiếng Anh", "Hóa đơn bằng tiếng Anh được không?",
    "Tiếng Anh của tôi không tốt", "sach huong dan bang tieng anh",
    # id, ms
    "Pesanan saya di mana?", "Manualnya dalam bahasa Inggris", "Saya tidak bisa bahasa Inggris", "Invoice pakai bahasa Inggris ya",
    "Bahasa Inggris saya jelek", "Penjual balas pakai bahasa Inggris",
    "Pesanan saya di mana ya?", "Manual dalam bahasa Inggeris", "Saya tak boleh cakap bahasa Inggeris", "Penjual balas dalam bahasa Inggeris",
    # ja
    "注文した商品はいつ届きますか", "説明書は英語で書かれています", "請求書は英語でお願いします", "英語が苦手です", "英語で返信が来て困っています",
    "店員さんは英語で話していました",
    # ko
    "주문한 물건이 언제 오나요?", "설명서가 영어로 되어 있어요", "영수증 영어로 해주세요", "영어를 잘 못해요", "영어로 답변해서 이해 못했어요",
    # zh
    "我的订单在哪里", "说明书是用英语写的", "我不会说英语但是想退货", "客服用英文回复我，我看不懂", "发票请用英文开", "我的英文不好",
    "說明書是英文的", "我買的是法式濾壓壺",
]

REQUESTS = [  # (message, target): these must be requests
    ("Do you speak English?", "en"), ("¿Puede hablarme en inglés?", "en"), ("Antworten Sie bitte auf Deutsch", "de"),
    ("Sprechen Sie Französisch?", "fr"), ("vous parlez anglais ?", "en"), ("Parli italiano?", "it"),
    ("Говорите по-английски?", "en"), ("давайте по-русски", "ru"), ("Mówisz po polsku?", "pl"), ("Mluvíte česky?", "cs"),
    ("İngilizce konuşabilir misiniz?", "en"), ("ممكن بالعربي؟", "ar"), ("انگلیسی صحبت کنید", "en"), ("אפשר באנגלית?", "en"),
    ("अंग्रेज़ी में बात करें", "en"), ("พูดภาษาอังกฤษได้ไหม", "en"), ("Nói tiếng Anh được không?", "en"),
    ("Anda bisa bahasa Inggris?", "en"), ("英語で話してください", "en"), ("영어로 말해 주세요", "en"),
    ("请用英语回答", "en"), ("請用中文回覆", "zh"), ("talar du svenska?", "sv"), ("Puhutko suomea?", "fi"), ("Розмовляєте в'єтнамською?", "vi"), ("אפשר בצ׳כית?", "cs"),
    ("Μιλάτε ελληνικά;", "el"), ("Vorbiți română?", "ro"), ("Beszélsz magyarul?", "hu"), ("snakker du norsk?", "nb"),
]

def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "requests.tsv")
    errors, rows, asker = [], [], None
    for n, line in enumerate(open(path, encoding="utf-8").read().splitlines(), 1):
        if line.startswith("# asker:"):
            asker = line.split(":", 1)[1].strip()
            if asker not in CODES: errors.append(f"{n}: unknown asker {asker}")
            continue
        if line.startswith("#"): continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[0] not in CODES:
            errors.append(f"{n}: not TARGET<TAB>PHRASE: {line!r}"); continue
        t, p = parts
        if not asker: errors.append(f"{n}: no asker")
        if p != p.lower() or p != " ".join(p.split()) or p.endswith("?"):
            errors.append(f"{n}: not lower case / single spaces / ends with ?: {p!r}")
        if any(not (alnum(c) or c in " -" or unicodedata.category(c)[0] == "M") for c in p):
            errors.append(f"{n}: punctuation in {p!r} (the bare text has none)")
        rows.append((n, t, p, asker))
    seen = {}
    for n, t, p, a in rows:
        if p in seen: errors.append(f"{n}: duplicate of line {seen[p]}: {p}")
        seen.setdefault(p, n)
    pairs = collections.Counter((a, t) for _, t, _, a in rows)
    for a in sorted(CODES):
        for t in sorted(CODES):
            if not 2 <= pairs[(a, t)] <= 4: errors.append(f"asker {a} target {t}: {pairs[(a, t)]} phrases")
    order = list(dict.fromkeys(t for _, t, _, _ in rows))
    if len(order) != len(set(t for _, t, _, _ in rows)) or any(
            order.index(t) != i for i, t in enumerate(order)):
        errors.append("targets are not in contiguous sections")
    rank = {t: i for i, t in enumerate(order)}
    for n1, t1, p1, _ in rows:
        for n2, t2, p2, _ in rows:
            if t1 != t2 and rank[t1] < rank[t2] and p1 in p2:
                errors.append(f"{n1} ({t1}) {p1!r} is inside {n2} ({t2}) {p2!r}, a later target")
    phrases = [(t, p) for _, t, p, _ in rows]
    def requested(text):
        lower, bare = lower_and_bare(text)
        hits = [t for t, p in phrases if p in lower or p in bare]
        return min(hits, key=rank.get) if hits else None, [p for t, p in phrases if p in lower or p in bare]
    for text in ORDINARY:
        t, hit = requested(text)
        if len(text) > 80: errors.append(f"ordinary message longer than 80 characters: {text}")
        if t: errors.append(f"ordinary message matches {t} {hit}: {text}")
    for text, want in REQUESTS:
        t, hit = requested(text)
        if want and t != want: errors.append(f"request {text!r} gives {t}, wanted {want}")
    print(f"{len(rows)} phrases, {len(order)} targets, {len(pairs)} asker x target pairs, "
          f"{len(ORDINARY)} ordinary messages, {len(REQUESTS)} requests")
    for e in errors: print("ERROR", e)
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
