#!/usr/bin/env python3
"""Checks src/language/request-names.tsv and request-fillers.tsv (written for crossdesk, Apache-2.0).

The whole-message rule of src/language/request.rs, step by step as it is
implemented there:
  1. lower-case (full Unicode mapping, as Rust's str::to_lowercase: final
     sigma, İ -> i + U+0307); keep a character only if it is whitespace
     (Rust char::is_whitespace), '-' or Rust char::is_alphanumeric, that is
     Alphabetic (L*, Nl, Other_Alphabetic) or Numeric (Nd, Nl, No).
     Python has no Alphabetic property, so is_alphanumeric() below keeps
     L*, Nd, Nl, No, every combining mark except NON_ALPHABETIC_MARKS, and the
     Alphabetic symbols (circled letters). That mark list was taken from
     Perl's \p{M} and \p{Alphabetic} (Unicode 14, as Python 3.11's
     unicodedata). So U+094D virama, U+093C nukta, Thai U+0E47-U+0E4C and
     U+0E4E, combining accents U+0300-U+036F, U+3099-U+309A and variation
     selectors are removed, while Devanagari vowel signs and anusvara, Thai
     sara and nikhahit (U+0E31, U+0E34-U+0E3A, U+0E4D), Hebrew points
     (U+05B0-U+05BD, U+05BF, U+05C1-U+05C2, U+05C4-U+05C5, U+05C7) and
     Arabic harakat (U+064B-U+0657, U+0670) are kept.
     ZWNJ/ZWJ (Cf), punctuation, symbols and emoji are removed.
  2. collapse whitespace to single spaces and trim;
  3. remove fillers, longest first (characters; ties in code point order),
     each one wherever it occurs if it contains a Han, kana or Thai character
     (replaced by a space), else as whole space-separated words; collapse
     spaces after each filler; repeat the pass until nothing changes;
  4. what remains, if it is exactly a FORM, names the requested language.
Checks: the format of both files; every FORM and FILLER is already in the
form steps 1-2 give; a FORM has one TARGET; no FILLER is a FORM, contains a
FORM, or is a negation; every FORM that contains a filler reduces to a FORM
of the same TARGET (none reduces to nothing); every asker x target pair has
at least two FORMs; the requests and ordinary messages below (at least 3
and 5 for each asker language) come out right; no phrase of requests.tsv
comes out as another language; the ordinary messages of check_requests.py
are not requests either.
Run: python3 src/language/check_request_names.py
"""
import collections, importlib.util, os, sys, unicodedata

CODES = "en zh ja ko es pt fr de it nl pl ru uk tr ar he fa hi th vi id ms sv da nb fi cs ro el hu sk".split()

# Combining marks (category M*) WITHOUT the Unicode Alphabetic property, as
# ranges of code points (Unicode 14, listed with Perl's \p{M} and
# \p{Alphabetic}). Rust's char::is_alphanumeric is Alphabetic or Numeric, so
# these are removed in step 1 while every other mark (vowel signs, Arabic
# harakat, Hebrew points, Thai sara/nikhahit) is kept. Among them: U+0300-036F
# Latin/Greek combining accents (all but U+0345), U+0591-05AF Hebrew
# cantillation, U+093C Devanagari nukta, U+094D virama, U+0E47-0E4C Thai
# maitaikhu, tone marks and thanthakhat, U+0E4E yamakkan, U+3099-309A kana
# voicing marks, U+FE00-FE0F variation selectors.
NON_ALPHABETIC_MARKS = """
0300-0344 0346-036F 0483-0489 0591-05AF 0658 06DF-06E0 06EA-06EC 0740-074A 07EB-07F3 07FD
0818-0819 082D 0859-085B 0898-089F 08CA-08D3 08E0-08E1 08EA-08EF 093C 094D 0951-0954 09BC 09CD
09FE 0A3C 0A4D 0ABC 0ACD 0AFD-0AFF 0B3C 0B4D 0B55 0BCD 0C04 0C3C 0C4D 0CBC 0CCD 0D3B-0D3C 0D4D
0DCA 0E47-0E4C 0E4E 0EBA 0EC8-0ECC 0F18-0F19 0F35 0F37 0F39 0F3E-0F3F 0F82-0F84 0F86-0F87 0FC6
1037 1039-103A 135D-135F 1714-1715 1734 17B4-17B5 17C9-17D3 17DD 180B-180D 180F 1939-193B 1A60
1A75-1A7C 1A7F 1AB0-1ABE 1AC1-1ACB 1B34 1B44 1B6B-1B73 1BAA-1BAB 1BE6 1BF2-1BF3 1C37 1CD0-1CD2
1CD4-1CE8 1CED 1CF4 1CF7-1CF9 1DC0-1DE6 1DF5-1DFF 20D0-20F0 2CEF-2CF1 2D7F 302A-302F 3099-309A
A66F-A672 A67C-A67D A6F0-A6F1 A806 A82C A8C4 A8E0-A8F1 A92B-A92D A953 A9B3 A9C0 AABF AAC1 AAF6
ABEC-ABED FE00-FE0F FE20-FE2F 101FD 102E0 10A38-10A3A 10A3F 10AE5-10AE6 10F46-10F50 10F82-10F85
11046 11070 1107F-11081 110B9-110BA 11133-11134 11173 111C0 111C9-111CC 11235-11236 112E9-112EA
1133B-1133C 1134D 11366-1136C 11370-11374 11442 11446 1145E 114C2-114C3 115BF-115C0 1163F
116B6-116B7 1172B 11839-1183A 1193D-1193E 11943 119E0 11A33-11A34 11A47 11A98-11A99 11C3F 11D42
11D44-11D45 11D97 16AF0-16AF4 16B30-16B36 16FE4 1BC9D 1CF00-1CF2D 1CF30-1CF46 1D165-1D169
1D16D-1D172 1D17B-1D182 1D185-1D18B 1D1AA-1D1AD 1D242-1D244 1DA00-1DA36 1DA3B-1DA6C 1DA75 1DA84
1DA9B-1DA9F 1DAA1-1DAAF 1E130-1E136 1E2AE 1E2EC-1E2EF 1E8D0-1E8D6 1E944 1E948-1E94A E0100-E01EF
"""
# Symbols (So) that are Alphabetic: circled and squared Latin letters.
ALPHABETIC_SYMBOLS = "24B6-24E9 1F130-1F149 1F150-1F169 1F170-1F189"
# Rust's char::is_whitespace (the White_Space property).
WHITE_SPACE = "0009-000D 0020 0085 00A0 1680 2000-200A 2028 2029 202F 205F 3000"
# Fillers containing a character of these scripts are removed wherever they
# occur; all others only as whole space-separated words.
NO_SPACE_SCRIPTS = "0E00-0E7F 3040-30FF 31F0-31FF 3400-4DBF 4E00-9FFF F900-FAFF FF66-FF9F 20000-3FFFF"

def _ranges(spec):
    out = []
    for item in spec.split():
        lo, _, hi = item.partition("-")
        out.append((int(lo, 16), int(hi or lo, 16)))
    return out

def _member(ranges):
    def test(c):
        cp = ord(c)
        return any(lo <= cp <= hi for lo, hi in ranges)
    return test

_non_alphabetic_mark = _member(_ranges(NON_ALPHABETIC_MARKS))
_alphabetic_symbol = _member(_ranges(ALPHABETIC_SYMBOLS))
is_white_space = _member(_ranges(WHITE_SPACE))
_no_space_char = _member(_ranges(NO_SPACE_SCRIPTS))

def is_alphanumeric(c):
    """Rust's char::is_alphanumeric: Alphabetic (L*, Nl, Other_Alphabetic) or Numeric (Nd, Nl, No)."""
    cat = unicodedata.category(c)
    if cat[0] == "L" or cat in ("Nd", "Nl", "No"):
        return True
    if cat[0] == "M":
        return not _non_alphabetic_mark(c)
    return _alphabetic_symbol(c)

def bare(text):
    """Steps 1-2: lower-case; keep letters, digits, whitespace and '-'; single spaces; trim."""
    kept = []
    for c in text.lower():
        if is_white_space(c):
            kept.append(" ")
        elif c == "-" or is_alphanumeric(c):
            kept.append(c)
    return " ".join(w for w in "".join(kept).split(" ") if w)

def anywhere(filler):
    return any(_no_space_char(c) for c in filler)

def filler_order(fillers):
    """Longest first (in characters), ties in code point order."""
    return sorted(set(fillers), key=lambda f: (-len(f), f))

def remove_filler(text, filler):
    """Remove one filler from collapsed text; the result is collapsed again."""
    if filler not in text:
        return text
    if anywhere(filler):
        text = text.replace(filler, " ")
    else:
        need, words, i = filler.split(" "), text.split(" "), 0
        while i + len(need) <= len(words):
            if words[i:i + len(need)] == need:
                del words[i:i + len(need)]
            else:
                i += 1
        text = " ".join(words)
    return " ".join(w for w in text.split(" ") if w)

def strip_fillers(text, ordered):
    """Step 3: remove every filler (longest first), collapsing spaces after each, until nothing changes."""
    while True:
        before = text
        for f in ordered:
            text = remove_filler(text, f)
        if text == before:
            return text

def requested(message, forms, ordered):
    """Steps 1-4: the target language when the message is one FORM among fillers, else None."""
    return forms.get(strip_fillers(bare(message), ordered))

# ---------------------------------------------------------------- test messages
REQUESTS = [  # (asker, message, target)
    ("en", "English please", "en"), ("en", "in English please!", "en"), ("en", "Can you speak English?", "en"),
    ("en", "Do you speak Spanish?", "es"), ("en", "Reply in French pls", "fr"), ("en", "english?", "en"),
    ("en", "Hi, can we switch to German?", "de"), ("en", "Thai please 🙏", "th"), ("en", "Can I have a danish please", None),
    ("zh", "用英语", "en"), ("zh", "請說英文", "en"), ("zh", "可以说中文吗？", "zh"), ("zh", "请用日语回复", "ja"),
    ("zh", "能说韩语吗", "ko"), ("zh", "英文可以吗", "en"), ("zh", "麻烦用繁體中文", "zh"),
    ("ja", "日本語でお願いします", "ja"), ("ja", "英語で話してください", "en"), ("ja", "韓国語できますか？", "ko"),
    ("ja", "中国語でもいいですか", "zh"), ("ja", "フランス語で返信お願いします", "fr"),
    ("ko", "영어로 해 주세요", "en"), ("ko", "한국어로 부탁합니다", "ko"), ("ko", "영어 가능한가요?", "en"),
    ("ko", "일본어로 말해 주세요", "ja"), ("ko", "중국어 하시는 분 있나요?", "zh"), ("ko", "영어로요", "en"),
    ("es", "¿En inglés, por favor?", "en"), ("es", "¿Puede hablarme en inglés?", "en"), ("es", "Español por favor", "es"),
    ("es", "hablas ingles?", "en"), ("es", "En portugués, gracias", "pt"), ("es", "Hola, ¿se puede en francés?", "fr"),
    ("pt", "Em inglês, por favor", "en"), ("pt", "Você fala espanhol?", "es"), ("pt", "pode falar em português?", "pt"),
    ("pt", "Fale em francês pfv", "fr"), ("pt", "inglês?", "en"),
    ("fr", "En anglais s'il vous plaît", "en"), ("fr", "Parlez-vous anglais ?", "en"),
    ("fr", "Vous pouvez répondre en espagnol ?", "es"), ("fr", "Je préfère l'anglais", "en"), ("fr", "français svp", "fr"),
    ("de", "Auf Englisch bitte", "en"), ("de", "Können Sie Französisch?", "fr"), ("de", "Sprechen Sie Deutsch?", "de"),
    ("de", "Hallo, geht auch Englisch?", "en"), ("de", "Bitte auf Türkisch antworten", "tr"), ("de", "auf franzoesisch bitte", "fr"),
    ("it", "In inglese per favore", "en"), ("it", "Parla italiano?", "it"), ("it", "Può rispondere in tedesco?", "de"),
    ("it", "Preferisco l'inglese", "en"), ("it", "spagnolo grazie", "es"),
    ("nl", "In het Engels alstublieft", "en"), ("nl", "Spreekt u Duits?", "de"), ("nl", "Kunt u in het Frans antwoorden?", "fr"),
    ("nl", "Nederlands graag", "nl"), ("nl", "engels aub", "en"),
    ("pl", "Po angielsku proszę", "en"), ("pl", "Mówisz po polsku?", "pl"), ("pl", "Czy może pan odpowiedzieć po niemiecku?", "de"),
    ("pl", "angielski?", "en"), ("pl", "Poproszę po rosyjsku", "ru"), ("pl", "po angielsku prosze", "en"),
    ("ru", "По-английски, пожалуйста", "en"), ("ru", "Говорите по-русски?", "ru"), ("ru", "Можно на украинском?", "uk"),
    ("ru", "давайте по-немецки", "de"), ("ru", "Английский, пожалуйста", "en"), ("ru", "по английски плиз", "en"),
    ("uk", "Англійською, будь ласка", "en"), ("uk", "Ви розмовляєте українською?", "uk"), ("uk", "Можна польською?", "pl"),
    ("uk", "Відповідайте російською", "ru"), ("uk", "Напишіть в'єтнамською", "vi"), ("uk", "Напишіть вʼєтнамською", "vi"),
    ("tr", "İngilizce lütfen", "en"), ("tr", "Türkçe konuşabilir misiniz?", "tr"), ("tr", "Almanca biliyor musunuz?", "de"),
    ("tr", "ingilizce olarak yazabilir misiniz", "en"), ("tr", "Merhaba, Rusça bilen var mı?", "ru"), ("tr", "turkce lutfen", "tr"),
    ("ar", "بالإنجليزي من فضلك", "en"), ("ar", "ممكن بالعربي؟", "ar"), ("ar", "هل تتكلم الإنجليزية؟", "en"),
    ("ar", "لو سمحت باللغة الفرنسية", "fr"), ("ar", "انجليزي لو سمحت", "en"), ("ar", "بالانجليزي", "en"),
    ("he", "באנגלית בבקשה", "en"), ("he", "אפשר לדבר עברית?", "he"), ("he", "אתה מדבר רוסית?", "ru"),
    ("he", "תענה בערבית", "ar"), ("he", "אנגלית?", "en"), ("he", "אפשר בצ׳כית?", "cs"),
    ("fa", "انگلیسی لطفا", "en"), ("fa", "میشه فارسی صحبت کنید؟", "fa"), ("fa", "به انگلیسی جواب بدید", "en"),
    ("fa", "لطفاً به زبان آلمانی", "de"), ("fa", "عربی بلدید؟", "ar"), ("fa", "به کره‌ای لطفا", "ko"),
    ("hi", "अंग्रेज़ी में बात करें", "en"), ("hi", "हिंदी में बात कीजिए", "hi"), ("hi", "कृपया अंग्रेज़ी में जवाब दें", "en"),
    ("hi", "क्या आप हिंदी बोलते हैं?", "hi"), ("hi", "english mein baat karo", "en"), ("hi", "Hindi me bolo please", "hi"),
    ("hi", "अंग्रेजी में", "en"), ("hi", "हिन्दी में", "hi"),
    ("th", "ภาษาอังกฤษได้ไหมครับ", "en"), ("th", "พูดภาษาไทยได้ไหม", "th"), ("th", "ขอเป็นภาษาจีนค่ะ", "zh"),
    ("th", "ช่วยตอบเป็นภาษาญี่ปุ่นหน่อยครับ", "ja"), ("th", "อังกฤษครับ", "en"), ("th", "ภาษาสเปนได้ไหมคะ", "es"),
    ("vi", "Tiếng Anh được không", "en"), ("vi", "Nói tiếng Việt được không ạ?", "vi"), ("vi", "bạn nói tiếng anh nha", "en"),
    ("vi", "Vui lòng trả lời bằng tiếng Anh", "en"), ("vi", "tieng viet dc ko", "vi"), ("vi", "tiếng Tây Ban Nha nhé", "es"),
    ("id", "Bahasa Inggris dong", "en"), ("id", "Bisa pakai bahasa Indonesia?", "id"), ("id", "Tolong balas dalam bahasa Inggris", "en"),
    ("id", "bisa bahasa mandarin kak?", "zh"), ("id", "pake bhs inggris aja", "en"),
    ("ms", "Boleh cakap bahasa Melayu?", "ms"), ("ms", "Tolong balas dalam bahasa Inggeris", "en"), ("ms", "English je", "en"),
    ("ms", "bahasa inggeris boleh tak?", "en"), ("ms", "Sila guna bahasa Cina", "zh"),
    ("sv", "På engelska tack", "en"), ("sv", "Pratar du svenska?", "sv"), ("sv", "Kan ni svara på tyska?", "de"),
    ("sv", "engelska snälla", "en"), ("sv", "Hej, kan vi prata finska?", "fi"),
    ("da", "På dansk, tak", "da"), ("da", "Kan du tale engelsk?", "en"), ("da", "Taler du tysk?", "de"),
    ("da", "Svar venligst på engelsk", "en"), ("da", "Dansk tak", "da"),
    ("nb", "På norsk, takk", "nb"), ("nb", "Snakker du engelsk?", "en"), ("nb", "Kan dere svare på svensk?", "sv"),
    ("nb", "engelsk takk", "en"), ("nb", "Hei, kan vi snakke tysk?", "de"),
    ("fi", "Englanniksi kiitos", "en"), ("fi", "Puhutko suomea?", "fi"), ("fi", "Voisitteko vastata ruotsiksi?", "sv"),
    ("fi", "Suomeksi, kiitos", "fi"), ("fi", "Osaatko saksaa?", "de"),
    ("cs", "Anglicky prosím", "en"), ("cs", "Mluvíte česky?", "cs"), ("cs", "Můžete odpovídat německy?", "de"),
    ("cs", "Po anglicky, díky", "en"), ("cs", "Umíte slovensky?", "sk"), ("cs", "cesky prosim", "cs"),
    ("sk", "Po anglicky prosím", "en"), ("sk", "Hovoríte po slovensky?", "sk"), ("sk", "Môžete písať po česky?", "cs"),
    ("sk", "Viete po nemecky?", "de"), ("sk", "slovenčina, ďakujem", "sk"),
    ("ro", "În engleză, vă rog", "en"), ("ro", "Vorbiți română?", "ro"), ("ro", "Puteți să vorbiți în germană?", "de"),
    ("ro", "engleza va rog", "en"), ("ro", "Răspundeți-mi în franceză", "fr"), ("ro", "Vorbiţi româneşte?", "ro"),
    ("el", "Στα αγγλικά παρακαλώ", "en"), ("el", "Μιλάτε ελληνικά;", "el"), ("el", "Μπορείτε να μιλάτε γερμανικά;", "de"),
    ("el", "ΑΓΓΛΙΚΑ ΠΑΡΑΚΑΛΩ", "en"), ("el", "sta agglika please", "en"),
    ("hu", "Angolul kérem", "en"), ("hu", "Beszél magyarul?", "hu"), ("hu", "Tudna németül válaszolni?", "de"),
    ("hu", "Beszélsz angolul?", "en"), ("hu", "Magyarul, köszönöm", "hu"), ("hu", "angolul legyszi", "en"),
]

ORDINARY = [  # (asker, message): no request
    ("en", "The manual is in English"), ("en", "My English is bad, sorry"), ("en", "Where is my order?"), ("en", "thanks"),
    ("en", "hello"), ("en", "ok"), ("en", "Nail polish please"), ("en", "Polish please"), ("en", "I don't speak English"),
    ("en", "no english"), ("en", "english manual please"), ("en", "The English version please"), ("en", "Where is my parcel?"),
    ("en", "Mandarin please, two kilos"), ("en", "Korea"), ("en", "a refund please"), ("en", "Is it in English?"),
    ("en", "german pan"), ("es", "El inglés"), ("tr", "İngilizce mi?"), ("sv", "min engelska"), ("zh", "是英文吗"),
    ("ja", "英語のマニュアル"), ("ko", "영어 못해요"), ("de", "eng"),
    ("zh", "说明书是英文的"), ("zh", "我不会说英文"), ("zh", "英文说明书"), ("zh", "我的订单在哪里"), ("zh", "谢谢"),
    ("zh", "你好"), ("zh", "不要英文"), ("zh", "发票请用英文开"), ("zh", "要英文版的"),
    ("ja", "請求書は英語でお願いします"), ("ja", "説明書は英語で書かれています"), ("ja", "英語が苦手です"),
    ("ja", "英語のマニュアルはありますか"), ("ja", "ありがとうございます"), ("ja", "こんにちは"), ("ja", "英語はできません"),
    ("ko", "설명서가 영어로 되어 있어요"), ("ko", "영수증 영어로 해주세요"), ("ko", "영어를 잘 못해요"), ("ko", "영어 설명서 있나요?"),
    ("ko", "감사합니다"), ("ko", "안녕하세요"), ("ko", "주문한 물건이 언제 오나요?"),
    ("es", "El manual está en inglés"), ("es", "No hablo bien inglés"), ("es", "La factura en inglés por favor"),
    ("es", "Mi pedido no llegó"), ("es", "gracias"), ("es", "hola"), ("es", "No, en inglés no"), ("es", "Un chino, por favor"),
    ("es", "chino por favor"),
    ("pt", "O manual está em inglês"), ("pt", "Meu inglês é ruim"), ("pt", "Não falo inglês"), ("pt", "A nota fiscal em inglês por favor"),
    ("pt", "obrigado"), ("pt", "oi"), ("pt", "Meu pedido ainda não chegou"),
    ("fr", "Le manuel est en anglais"), ("fr", "Je ne parle pas anglais"), ("fr", "La facture en anglais svp, c'est pour ma société"),
    ("fr", "Mon anglais est mauvais"), ("fr", "merci"), ("fr", "bonjour"), ("fr", "Où est ma commande ?"), ("fr", "Un roman en anglais"),
    ("de", "Die Rechnung bitte auf Englisch"), ("de", "Die Anleitung ist auf Englisch"), ("de", "Mein Englisch ist schlecht"),
    ("de", "Ich spreche kein Französisch"), ("de", "danke"), ("de", "Hallo"), ("de", "Wo ist meine Bestellung?"),
    ("de", "Nicht auf Englisch bitte"), ("de", "Die Hose ist zu eng"),
    ("it", "Il manuale è in inglese"), ("it", "Non parlo inglese"), ("it", "La fattura in inglese per favore"),
    ("it", "Il mio inglese non è buono"), ("it", "grazie"), ("it", "ciao"), ("it", "Dov'è il mio ordine?"), ("it", "mandarino"),
    ("nl", "De handleiding is in het Engels"), ("nl", "Mijn Engels is niet zo goed"), ("nl", "Ik spreek geen Frans"),
    ("nl", "De factuur graag in het Engels"), ("nl", "bedankt"), ("nl", "hallo"), ("nl", "Waar is mijn bestelling?"),
    ("pl", "Instrukcja jest po angielsku"), ("pl", "Nie mówię po angielsku"), ("pl", "Mój angielski jest słaby"),
    ("pl", "Fakturę proszę po angielsku"), ("pl", "dziękuję"), ("pl", "dzień dobry"), ("pl", "Gdzie jest moje zamówienie?"),
    ("pl", "tak"), ("pl", "Portugalia"),
    ("ru", "Инструкция на английском"), ("ru", "Я не говорю по-английски"), ("ru", "Мой английский плохой"),
    ("ru", "Можно счёт на английском для компании?"), ("ru", "спасибо"), ("ru", "привет"), ("ru", "Где мой заказ?"),
    ("uk", "Інструкція англійською мовою"), ("uk", "Я не розмовляю англійською"), ("uk", "Моя англійська погана"),
    ("uk", "Чи можна рахунок англійською?"), ("uk", "дякую"), ("uk", "привіт"), ("uk", "Де моє замовлення?"),
    ("tr", "Kılavuz İngilizce"), ("tr", "İngilizce konuşamıyorum"), ("tr", "Faturayı İngilizce istiyorum"),
    ("tr", "ingilizce bilmiyorum"), ("tr", "teşekkürler"), ("tr", "merhaba"), ("tr", "Siparişim nerede?"), ("tr", "araba"),
    ("ar", "الدليل بالإنجليزية"), ("ar", "لا أتكلم الإنجليزية"), ("ar", "لغتي الإنجليزية ضعيفة"),
    ("ar", "الفاتورة بالانجليزي من فضلك"), ("ar", "شكرا"), ("ar", "مرحبا"), ("ar", "أين طلبي؟"), ("ar", "الصينية"),
    ("he", "ההוראות באנגלית"), ("he", "אני לא מדבר אנגלית"), ("he", "חשבונית באנגלית בבקשה"), ("he", "האנגלית שלי לא טובה"),
    ("he", "תודה"), ("he", "שלום"), ("he", "איפה ההזמנה שלי?"),
    ("fa", "دفترچه راهنما به انگلیسی است"), ("fa", "من انگلیسی بلد نیستم"), ("fa", "فاکتور به انگلیسی لطفا"),
    ("fa", "نمی‌توانم انگلیسی صحبت کنم"), ("fa", "ممنون"), ("fa", "سلام"), ("fa", "سفارش من کجاست؟"), ("fa", "ظروف چینی"),
    ("fa", "چینی لطفا"),
    ("hi", "मैनुअल अंग्रेज़ी में है"), ("hi", "मुझे अंग्रेज़ी नहीं आती"), ("hi", "मेरी अंग्रेज़ी अच्छी नहीं है"),
    ("hi", "बिल अंग्रेज़ी में चाहिए"), ("hi", "धन्यवाद"), ("hi", "नमस्ते"), ("hi", "मेरा ऑर्डर कहाँ है?"), ("hi", "चाय में चीनी कम है"),
    ("hi", "चीनी चाहिए"),
    ("th", "คู่มือเป็นภาษาอังกฤษ"), ("th", "ฉันพูดภาษาอังกฤษไม่ได้"), ("th", "ขอใบเสร็จเป็นภาษาอังกฤษ"),
    ("th", "สินค้าของฉันอยู่ที่ไหน"), ("th", "ขอบคุณครับ"), ("th", "สวัสดีค่ะ"), ("th", "ซอสผัดไทยหมดแล้วหรือยัง"),
    ("th", "ส่งจากจีนใช่ไหม"), ("th", "ภาษาอังกฤษ ไม่ได้ครับ"),
    ("vi", "Hướng dẫn bằng tiếng Anh"), ("vi", "Tôi không biết tiếng Anh"), ("vi", "Hóa đơn bằng tiếng Anh được không?"),
    ("vi", "Tiếng Anh của tôi không tốt"), ("vi", "cảm ơn"), ("vi", "xin chào"), ("vi", "Đơn hàng của tôi đâu rồi?"),
    ("vi", "sach huong dan bang tieng anh"), ("vi", "anh ơi"),
    ("id", "Manualnya dalam bahasa Inggris"), ("id", "Saya tidak bisa bahasa Inggris"), ("id", "Invoice pakai bahasa Inggris ya"),
    ("id", "Bahasa Inggris saya jelek"), ("id", "terima kasih"), ("id", "halo"), ("id", "Pesanan saya di mana?"),
    ("id", "indonesia"), ("id", "ga bisa bahasa inggris"),
    ("ms", "Manual dalam bahasa Inggeris"), ("ms", "Saya tak boleh cakap bahasa Inggeris"),
    ("ms", "Penjual balas dalam bahasa Inggeris"), ("ms", "Pesanan saya di mana ya?"), ("ms", "terima kasih"), ("ms", "hai"),
    ("ms", "Saya tak faham bahasa Inggeris"), ("ms", "tak boleh cakap english"),
    ("sv", "Manualen är på engelska"), ("sv", "Jag talar inte engelska"), ("sv", "Fakturan på engelska tack"),
    ("sv", "Var är min beställning?"), ("sv", "tack"), ("sv", "hej"), ("sv", "Polska korvar, tack"),
    ("da", "Manualen er på engelsk"), ("da", "Jeg taler ikke engelsk"), ("da", "Fakturaen på engelsk tak"),
    ("da", "Hvor er min ordre?"), ("da", "tak"), ("da", "hej"), ("da", "Engelsk lakrids, tak"),
    ("nb", "Bruksanvisningen er på engelsk"), ("nb", "Jeg snakker ikke engelsk"), ("nb", "Kan du skrive på engelsk på fakturaen?"),
    ("nb", "Hvor er bestillingen min?"), ("nb", "takk"), ("nb", "hei"), ("nb", "Norsk laks, takk"),
    ("fi", "Ohje on englanniksi"), ("fi", "En puhu englantia"), ("fi", "Englantini on huono"), ("fi", "Lasku englanniksi kiitos"),
    ("fi", "kiitos"), ("fi", "moi"), ("fi", "Missä tilaukseni on?"),
    ("cs", "Návod je jen anglicky"), ("cs", "Nemluvím anglicky"), ("cs", "Moje angličtina je špatná"),
    ("cs", "Fakturu prosím anglicky"), ("cs", "děkuji"), ("cs", "ahoj"), ("cs", "Kde je moje objednávka?"),
    ("sk", "Návod je len po anglicky"), ("sk", "Nehovorím po anglicky"), ("sk", "Faktúru prosím po anglicky"),
    ("sk", "Kde je moja objednávka?"), ("sk", "ďakujem"), ("sk", "ahoj"), ("sk", "Moja angličtina je slabá"),
    ("ro", "Manualul este în engleză"), ("ro", "Nu vorbesc engleză"), ("ro", "Factura în engleză, vă rog"),
    ("ro", "Engleza mea nu e bună"), ("ro", "mulțumesc"), ("ro", "bună ziua"), ("ro", "Unde este comanda mea?"),
    ("ro", "nu engleza"),
    ("el", "Το εγχειρίδιο είναι στα αγγλικά"), ("el", "Δεν μιλάω αγγλικά"), ("el", "Τα αγγλικά μου δεν είναι καλά"),
    ("el", "Το τιμολόγιο στα αγγλικά παρακαλώ"), ("el", "ευχαριστώ"), ("el", "γεια σας"), ("el", "Πού είναι η παραγγελία μου;"),
    ("hu", "A leírás angolul van"), ("hu", "Nem beszélek angolul"), ("hu", "A számlát kérem angolul"),
    ("hu", "Hol van a rendelésem?"), ("hu", "köszönöm"), ("hu", "szia"), ("hu", "A futár csak németül beszél"),
    ("hu", "Fáj a torok"),
]

NEGATIONS = set("""
no not don't dont can't cant cannot never without nothing none except
sin nunca ni tampoco não nao nem sem ne pas non jamais sans aucun nicht kein keine nein nie ohne mai senza
niet geen nee nooit zonder bez nigdy не нет без ни ні ніколи değil degil yok hayır hayir olmaz
لا ما مش ليس بدون لم لن مو נה نه نمی نیست לא אין בלי אל नहीं न मत बिना nahi nahin mat
ไม อยา không khong ko k chẳng chưa đừng tidak tak gak ga nggak ngga enggak bukan jangan tanpa belum
inte nej ej aldrig utan ikke uden nei aldri uten ei en et emme ette eivät ilman nechci nikdy
nu fără fara niciodată όχι οχι δεν μην χωρίς χωρις nem sem nélkül soha
不 没 沒 别 別 无 無 非 ない ません いいえ 안 못 아니요 아니 말고
""".split())

# ---------------------------------------------------------------- reading
HERE = os.path.dirname(os.path.abspath(__file__))

def read_tsv(name, errors):
    rows, asker, target = [], None, None
    for n, line in enumerate(open(os.path.join(HERE, name), encoding="utf-8").read().split("\n"), 1):
        if not line:
            continue
        if line.startswith("#"):
            for key in ("asker", "target"):
                if line.startswith(f"# {key}:"):
                    code = line.split(":", 1)[1].strip()
                    if code not in CODES:
                        errors.append(f"{name}:{n}: unknown {key} {code!r}")
                    if key == "asker":
                        asker = code
                    else:
                        target, asker = code, None
            continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[0] not in CODES:
            errors.append(f"{name}:{n}: not CODE<TAB>TEXT: {line!r}")
            continue
        code, text = parts
        if text != bare(text) or not text:
            errors.append(f"{name}:{n}: {text!r} is not as steps 1-2 leave it ({bare(text)!r})")
        if text != text.lower():
            errors.append(f"{name}:{n}: {text!r} is not lower case")
        rows.append((n, code, text, asker, target))
    return rows

def main():
    errors = []
    name_rows = read_tsv("request-names.tsv", errors)
    filler_rows = read_tsv("request-fillers.tsv", errors)

    forms, seen = {}, set()
    for n, t, f, a, section in name_rows:
        if a is None:
            errors.append(f"request-names.tsv:{n}: no '# asker:' above {f!r}")
        if section != t:
            errors.append(f"request-names.tsv:{n}: target {t} under '# target: {section}'")
        if (a, f) in seen:
            errors.append(f"request-names.tsv:{n}: {f!r} twice for asker {a}")
        seen.add((a, f))
        if forms.setdefault(f, t) != t:
            errors.append(f"request-names.tsv:{n}: {f!r} is {t} here and {forms[f]} elsewhere")

    unspaced_forms = [form for form in forms if anywhere(form)]
    fillers, seen = [], set()
    for n, code, f, a, _ in filler_rows:
        if a != code:
            errors.append(f"request-fillers.tsv:{n}: asker {code} under '# asker: {a}'")
        if (code, f) in seen:
            errors.append(f"request-fillers.tsv:{n}: {f!r} twice for asker {code}")
        seen.add((code, f))
        fillers.append(f)
        if f in forms:
            errors.append(f"request-fillers.tsv:{n}: filler {f!r} is a language name ({forms[f]})")
        if f in NEGATIONS:
            errors.append(f"request-fillers.tsv:{n}: filler {f!r} is a negation")
        words = f.split(" ")
        inside = [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]
        inside = [w for w in inside if w in forms and w != f]
        inside += [form for form in (forms if anywhere(f) else unspaced_forms) if form in f and form != f]
        for form in inside:
            errors.append(f"request-fillers.tsv:{n}: filler {f!r} contains the name {form!r}")
    ordered = filler_order(fillers)

    for n, t, f, a, _ in name_rows:
        r = strip_fillers(f, ordered)
        if r != f and forms.get(r) != t:
            errors.append(f"request-names.tsv:{n}: {f!r} ({t}) reduces to {r!r}, which is "
                          + (f"{forms[r]}" if r in forms else "no form"))

    pairs = collections.Counter((a, t) for _, t, _, a, _ in name_rows)
    for a in CODES:
        for t in CODES:
            if pairs[(a, t)] < 2:
                errors.append(f"asker {a} target {t}: {pairs[(a, t)]} forms")
    fillers_by_asker = collections.Counter(code for _, code, _, _, _ in filler_rows)
    for a in CODES:
        if fillers_by_asker[a] < 15:
            errors.append(f"asker {a}: only {fillers_by_asker[a]} fillers")

    def check(asker, text, want):
        got = requested(text, forms, ordered)
        if got != want:
            errors.append(f"[{asker}] {text!r} gives {got}, wanted {want} "
                          f"(left after fillers: {strip_fillers(bare(text), ordered)!r})")

    positives, negatives = collections.Counter(), collections.Counter()
    for a, text, want in REQUESTS:
        check(a, text, want)
        if want:
            positives[a] += 1
    for a, text in ORDINARY:
        check(a, text, None)
        negatives[a] += 1
    for a in CODES:
        if positives[a] < 3 or negatives[a] < 5:
            errors.append(f"asker {a}: {positives[a]} requests and {negatives[a]} ordinary messages (want 3 and 5)")

    # Phrases of requests.tsv (requests with a verb) never come out as another language.
    phrase_hits = 0
    path = os.path.join(HERE, "requests.tsv")
    if os.path.exists(path):
        for n, line in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
            if not line or line.startswith("#") or "\t" not in line:
                continue
            t, phrase = line.split("\t", 1)
            got = requested(phrase, forms, ordered)
            if got:
                phrase_hits += 1
                if got != t:
                    errors.append(f"requests.tsv:{n}: {phrase!r} ({t}) comes out as {got}")
    # The ordinary messages of check_requests.py are not requests here either.
    others = 0
    spec = importlib.util.spec_from_file_location("check_requests", os.path.join(HERE, "check_requests.py"))
    if spec and os.path.exists(spec.origin):
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for text in getattr(module, "ORDINARY", []):
            others += 1
            check("check_requests.py", text, None)

    print(f"{len(forms)} forms in {len(name_rows)} lines ({len(pairs)} asker x target pairs, "
          f"{min(pairs.values())}-{max(pairs.values())} forms each), {len(set(fillers))} fillers in {len(filler_rows)} lines")
    print(f"{sum(positives.values())} requests and {sum(negatives.values())} ordinary messages in {len(CODES)} languages; "
          f"{phrase_hits} phrases of requests.tsv are whole-message requests too; "
          f"{others} ordinary messages of check_requests.py")
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} errors")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
