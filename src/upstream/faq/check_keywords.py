#!/usr/bin/env python3
"""Check src/upstream/faq/keywords.tsv (the FAQ bot's keywords in 30 languages).

Written for crossdesk, Apache-2.0. Python 3, standard library only.

It checks the file's format, then classifies a small sanity set of shopper
messages (composed by hand, none copied from the keywords) with the same
matching semantics the Rust FAQ bot implements, prints the accuracy per
language and every failure, and exits 0 only if the format is clean and
every sanity message reaches its expected intent (or, for the `none` lines,
no intent at all).

Matching semantics:
  * the message is lower-cased (Unicode default lower-casing, as Rust's
    str::to_lowercase and Python's str.lower: "İ" becomes "i" + U+0307);
  * words are maximal runs of letters, digits and combining marks
    (general categories L*, N*, M*) plus ZWNJ/ZWJ (U+200C, U+200D);
    everything else separates words; the words are joined with single
    spaces and padded with one space on each side;
  * zh, ja, th: a keyword matches as a plain substring of the words joined
    without any space;
  * every other language: a keyword is one or more words matched on word
    boundaries; a trailing `*` makes its last word a prefix, a leading `*`
    makes its first word a suffix, `*foo*` matches inside any word;
  * intents are tried in INTENTS order; the first intent with a matching
    keyword (of the message's language) wins.

Usage: check_keywords.py [--english] [-v] [-w]
  --english  also try the English RULES parsed (best effort) from intents.rs,
             as the bot does: English keywords are tried with every
             language's own, per intent; the first English "shipping" block
             (how long, how many days) counts as shipping_time
  -v         print every sanity message with its result
  -w         list the warnings (short wildcard stems, one-character keywords)
"""

import os
import re
import sys
import unicodedata

INTENTS = [
    "human", "cancel", "change_address", "damaged", "payment_failed",
    "refunds", "returns", "coupon", "payment", "size_stock",
    "shipping_time", "order_status", "shipping", "thanks", "greeting",
]
LANGS = [
    "zh", "ja", "ko", "es", "pt", "fr", "de", "it", "nl", "pl", "ru", "uk",
    "tr", "ar", "he", "fa", "hi", "th", "vi", "id", "ms", "sv", "da", "nb",
    "fi", "cs", "ro", "el", "hu", "sk",
]
UNSPACED = {"zh", "ja", "th"}

HERE = os.path.dirname(os.path.abspath(__file__))
TSV = os.path.join(HERE, "keywords.tsv")
FAQ_RS = os.path.join(HERE, "intents.rs")


def is_word_char(ch):
    return unicodedata.category(ch)[0] in "LNM" or ch in "\u200c\u200d"


def words_of(text):
    out, cur = [], []
    for ch in text.lower():
        if is_word_char(ch):
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def stem_size(stem):
    """Letters in a stem: a Hangul syllable block counts as three (its jamo),
    a Devanagari vowel sign as one, other combining marks (harakat, niqqud)
    and ZWNJ/ZWJ as none."""
    size = 0
    for ch in stem:
        if "\uac00" <= ch <= "\ud7a3":
            size += 3
        elif unicodedata.category(ch)[0] == "M":
            size += "\u0900" <= ch <= "\u097f" and ch not in "\u094d\u093c"
        elif ch not in "\u200c\u200d":
            size += 1
    return size


class Keyword:
    def __init__(self, intent, lang, text):
        self.intent, self.lang, self.text = intent, lang, text
        if lang in UNSPACED:
            self.rx = None
            self.sub = text
        else:
            core = text.strip("*")
            self.rx = re.compile(
                " "
                + ("[^ ]*" if text.startswith("*") else "")
                + re.escape(core)
                + ("[^ ]*" if text.endswith("*") else "")
                + " "
            )

    def hit(self, spaced, joined):
        if self.rx is None:
            return self.sub in joined
        return self.rx.search(spaced) is not None


def load(path):
    """Returns ({lang: {intent: [Keyword]}}, [errors], [warnings])."""
    errors, warnings = [], []
    table = {lang: {intent: [] for intent in INTENTS} for lang in LANGS}
    seen = {}
    last = (-1, -1)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    else:
        errors.append("file does not end with a newline")
    header_done = False
    for no, line in enumerate(lines, 1):
        where = f"line {no}"
        if line.startswith("#"):
            if header_done:
                warnings.append(f"{where}: comment after the first keyword")
            continue
        if not line.strip():
            continue
        header_done = True
        if line != line.strip(" \r"):
            errors.append(f"{where}: leading/trailing blank or CR: {line!r}")
        fields = line.rstrip("\r").split("\t")
        if len(fields) != 3:
            errors.append(f"{where}: expected 3 tab-separated fields: {line!r}")
            continue
        intent, lang, kw = fields
        if intent not in INTENTS:
            errors.append(f"{where}: unknown intent {intent!r}")
            continue
        if lang not in LANGS:
            errors.append(f"{where}: unknown language {lang!r}")
            continue
        pos = (LANGS.index(lang), INTENTS.index(intent))
        if pos < last:
            errors.append(f"{where}: not grouped by language, then intent order: {line!r}")
        last = max(last, pos)
        if kw == "" or kw.strip("*") == "":
            errors.append(f"{where}: empty keyword or only '*': {line!r}")
            continue
        if kw != kw.lower():
            errors.append(f"{where}: keyword not lower-case: {kw!r}")
        if unicodedata.normalize("NFC", kw) != kw:
            errors.append(f"{where}: keyword not in NFC: {kw!r}")
        core = kw.strip("*")
        if "*" in core:
            errors.append(f"{where}: '*' only allowed at either end: {kw!r}")
        if lang in UNSPACED:
            if "*" in kw or " " in kw:
                errors.append(f"{where}: {lang} keywords are plain substrings (no '*' or space): {kw!r}")
            if "".join(words_of(kw)) != kw:
                errors.append(f"{where}: keyword holds characters that are never in a word: {kw!r}")
            if len(kw) < 2:
                warnings.append(f"{where}: one-character {lang} keyword {kw!r}")
        else:
            if " ".join(words_of(core)) != core:
                errors.append(f"{where}: keyword is not words separated by single spaces "
                              f"(punctuation never matches): {kw!r}")
            stem = core.split(" ")[0] if kw.startswith("*") else core.split(" ")[-1]
            size = stem_size(stem)
            if "*" in kw and " " not in core and size <= 2:
                errors.append(f"{where}: wildcard stem too short: {kw!r}")
            elif "*" in kw and " " not in core and size == 3:
                warnings.append(f"{where}: three-letter wildcard stem: {kw!r}")
        key = (lang, kw)
        if key in seen:
            errors.append(f"{where}: duplicate keyword {kw!r} ({lang}), first on line {seen[key]}")
            continue
        seen[key] = no
        table[lang][intent].append(Keyword(intent, lang, kw))
    for lang in LANGS:
        for intent in INTENTS:
            if not table[lang][intent]:
                errors.append(f"{lang}: no keyword for {intent}")
    return table, errors, warnings


def english_rules(path):
    """The English RULES of intents.rs, the first 'shipping' block being shipping_time."""
    with open(path, encoding="utf-8") as f:
        src = f.read()
    body = src.split("const RULES", 1)[1].split("];\n", 1)[0]
    rules = {intent: [] for intent in INTENTS}
    seen_shipping = False
    for m in re.finditer(r'\(\s*"([a-z_]+)",\s*&\[(.*?)\]', body, re.S):
        intent = m.group(1)
        if intent == "shipping" and not seen_shipping:
            intent, seen_shipping = "shipping_time", True
        for kw in re.findall(r'"([^"]*)"', m.group(2)):
            rules[intent].append(Keyword(intent, "en", kw))
    return rules


def classify(table, lang, text, english=None):
    words = words_of(text)
    spaced = " " + " ".join(words) + " "
    joined = "".join(words)
    for intent in INTENTS:
        for kw in table[lang][intent] + (english[intent] if english else []):
            if kw.hit(spaced, joined):
                return intent, kw
    return None, None


def selftest():
    """The matching semantics on a few fixed cases (documentation for the Rust side)."""
    assert words_of("İADE, lütfen!") == ["i\u0307ade", "lütfen"]
    assert words_of("می\u200cخواهم") == ["می\u200cخواهم"]          # ZWNJ stays inside
    assert words_of("किसी इंसान से") == ["किसी", "इंसान", "से"]       # vowel signs stay
    assert words_of("l'adresse e-mail") == ["l", "adresse", "e", "mail"]
    cases = [
        ("de", "rückerstatt*", "Wann kommen die Rückerstattungen?", True),
        ("de", "rückerstatt*", "keine zurückerstattung", False),
        ("de", "*lieferung", "Die Paketlieferung kam nicht", True),
        ("de", "*verfolg*", "Sendungsverfolgungsnummer bitte", True),
        ("es", "no ha llegado", "Mi pedido no ha llegado", True),
        ("es", "no ha llegado", "no ha   llegado!", True),
        ("es", "no ha llegado", "no lo ha llegado", False),
        ("fr", "pas reçu", "pas reçue", False),
        ("zh", "退款", "我要 退 款", True),                                # joined without spaces
        ("th", "คืนเงิน", "ขอคืนเงินค่ะ", True),
    ]
    for lang, kw, text, want in cases:
        words = words_of(text)
        got = Keyword("thanks", lang, kw).hit(" " + " ".join(words) + " ", "".join(words))
        assert got == want, (lang, kw, text)


# The sanity set: "lang intent message"; intent `none` means no intent may match.
SANITY = """
# zh
zh human 我想跟真正的人聊一下，可以吗？
zh human 麻烦帮我转人工服务
zh human 請幫我聯絡客服人員處理
zh cancel 我刚下的单能不能取消？
zh cancel 請幫我把這筆訂單取消掉
zh change_address 我搬家了，需要修改收货地址
zh change_address 寄送地址填錯了怎麼改
zh damaged 收到的杯子碎了，怎么办
zh damaged 衣服上有个破洞，质量太差了
zh damaged 包裝打開發現螢幕裂了
zh payment_failed 我的信用卡付款失败了，怎么回事
zh payment_failed 結帳的時候一直顯示支付錯誤
zh payment_failed 钱扣了但是订单显示未付款
zh refunds 我的退款什么时候能到账？
zh refunds 你們什麼時候退錢給我
zh returns 这件衣服我想退货，怎么操作
zh returns 商品不喜歡，可以寄回去嗎
zh coupon 我的优惠券用不了
zh coupon 有沒有折扣碼可以用？
zh payment 可以用支付宝付款吗？
zh payment 你們接受貨到付款嗎
zh size_stock 这双鞋有42码的吗
zh size_stock 這件外套還有庫存嗎
zh size_stock 黑色的M号什么时候补货
zh shipping_time 寄到台湾一般要多久？
zh shipping_time 快递到上海需要几天
zh order_status 我的包裹到哪里了？
zh order_status 我的訂單一週了還沒到
zh order_status 能帮我查一下物流信息吗
zh shipping 你们发货到加拿大吗
zh shipping 運費是怎麼算的？
zh thanks 好的，非常感谢你的帮助
zh thanks 謝謝您
zh greeting 你好
zh greeting 早安～
zh none 今天天气真不错
zh none 我家的猫在睡觉
zh none 我喜歡藍色
zh none 人生的意义是什么
zh shipping 什么时候给我发货？
zh order_status 我的订单什么时候到？
zh shipping_time 运输需要多长时间？
zh shipping 你们什么时候寄出我的订单？
zh none 给我讲个笑话
zh none 你是谁？
zh none 明天天气怎么样？
zh none 我爱我的狗
zh none 蓝纹奶酪
# ja
ja human 人間のスタッフと話したいです
ja human オペレーターに繋いでもらえますか
ja cancel 先ほどの注文をキャンセルしたいです
ja cancel 注文を取り消すことはできますか？
ja change_address 配送先の住所を変更したいのですが
ja change_address 引っ越したのでお届け先を変えたいです
ja damaged 届いたお皿が割れていました
ja damaged 箱を開けたら商品に傷がついていました
ja damaged 初期不良で電源が入りません
ja payment_failed カードで払おうとしたら決済エラーになりました
ja payment_failed クレジットカードが通りません、どうすればいいですか
ja refunds 返金はいつになりますか？
ja refunds 払い戻しの状況を教えてください
ja returns この靴を返品したいです
ja returns サイズが合わなかったので交換できますか？
ja coupon クーポンコードが使えません
ja coupon 割引はありますか？
ja payment 代引きは利用できますか？
ja payment PayPalで支払うことはできますか
ja size_stock このシャツのLサイズはありますか
ja size_stock 黒は在庫切れですか？いつ再入荷しますか
ja shipping_time 日本まで何日で届きますか？
ja shipping_time 配送にはどれくらいかかりますか
ja order_status 注文した商品がまだ届いていません
ja order_status 荷物の追跡番号を教えてください
ja order_status 私の注文は今どこにありますか
ja shipping 韓国へ発送していますか？
ja shipping 送料はいくらですか
ja thanks 丁寧に対応していただきありがとうございました
ja thanks 助かりました！
ja greeting こんにちは！
ja greeting おはようございます
ja none 今日はいい天気ですね
ja none うちの猫は寝ています
ja none 私は青が好きです
ja shipping いつ発送してもらえますか？
ja order_status 注文はいつ届きますか？
ja shipping_time 配送にはどのくらい時間がかかりますか？
ja shipping 私の注文はいつ出荷されますか？
ja none 冗談を言って
ja none あなたは誰ですか？
ja none 明日の天気はどう？
ja none 犬が大好きです
ja none ブルーチーズ
# ko
ko human 상담원이랑 직접 얘기하고 싶어요
ko human 진짜 사람이랑 대화할 수 있나요?
ko cancel 어제 주문한 거 취소해 주세요
ko cancel 주문취소 어떻게 하나요
ko change_address 배송지 변경 가능한가요?
ko change_address 주소를 잘못 적었어요 바꿀 수 있을까요
ko damaged 받은 컵이 깨져서 왔어요
ko damaged 상품이 불량이에요 전원이 안 켜져요
ko damaged 박스 열어보니 화면에 금이 가 있네요
ko payment_failed 카드 결제가 계속 실패해요
ko payment_failed 결제하려는데 오류가 떠요 결제 오류 뭐죠
ko refunds 환불은 언제 들어오나요?
ko refunds 환불 요청했는데 아직 안 들어왔어요
ko returns 이 신발 반품하고 싶어요
ko returns 사이즈가 안 맞아서 교환하고 싶습니다
ko coupon 쿠폰 코드를 어디에 넣나요?
ko coupon 할인 받을 수 있는 방법 있나요
ko payment 카카오페이로 결제되나요?
ko payment 무통장 입금도 가능한가요
ko size_stock 이 바지 M 사이즈 있나요?
ko size_stock 검정색 품절인가요? 재입고 언제 돼요
ko shipping_time 한국까지 배송 며칠 걸려요?
ko shipping_time 주문하면 받기까지 얼마나 걸리나요
ko order_status 제 택배 지금 어디쯤 왔나요?
ko order_status 주문한 물건이 아직 안 왔어요
ko order_status 송장번호 좀 알려주세요
ko shipping 일본으로도 배송 되나요?
ko shipping 배송비는 얼마예요?
ko thanks 친절하게 답변해 주셔서 감사합니다
ko thanks 고마워요!
ko greeting 안녕하세요
ko greeting 좋은 아침입니다
ko none 오늘 날씨가 정말 좋네요
ko none 우리 고양이가 자고 있어요
ko none 저는 파란색을 좋아해요
ko shipping 제 주문 언제 발송하나요?
ko order_status 주문이 언제 도착하나요?
ko shipping_time 배송은 얼마나 걸리나요?
ko shipping 언제 보내주실 건가요?
ko none 농담 하나 해줘
ko none 너는 누구야?
ko none 내일 날씨 어때?
ko none 나는 우리 개를 사랑해
ko none 블루치즈
# es
es human Quiero hablar con una persona real por favor
es human ¿Me pueden pasar con un asesor?
es cancel Necesito cancelar la compra que hice ayer
es cancel ¿Se puede anular el pedido antes de que salga?
es change_address Me equivoqué en la dirección de envío, ¿la puedo cambiar?
es change_address Quiero modificar mi domicilio de entrega
es damaged El jarrón llegó roto en mil pedazos
es damaged La caja venía aplastada y el producto está dañado
es damaged Me llegó la camiseta con un agujero
es payment_failed Mi tarjeta fue rechazada al intentar comprar
es payment_failed Me aparece un error al pagar con la tarjeta
es refunds ¿Cuándo me llega el reembolso?
es refunds Todavía no me han devuelto el dinero de la devolución
es returns Quiero devolver estos zapatos
es returns ¿Cómo hago una devolución?
es coupon Mi código de descuento no funciona
es coupon ¿Tienen algún cupón para la primera compra?
es payment ¿Puedo pagar en efectivo al recibir?
es payment ¿Aceptan tarjeta de débito?
es size_stock ¿Tienen esta camisa en talla L?
es size_stock El modelo negro está agotado, ¿cuándo vuelve?
es shipping_time ¿Cuánto tarda el envío a Chile?
es shipping_time ¿En cuántos días llega a Madrid?
es order_status ¿Dónde está mi pedido?
es order_status Hace dos semanas compré y todavía no me llega nada
es order_status Quiero saber el estado de mi pedido
es shipping ¿Hacen envíos a Argentina?
es shipping ¿Cuánto cuesta el envío?
es thanks Muchas gracias por la ayuda
es thanks mil gracias!!
es greeting Hola buenas tardes
es greeting buenos dias
es none ¿Cuál es el sentido de la vida?
es none Mi gato está durmiendo
es none Me gusta el color azul
es shipping ¿Cuándo van a enviar mi pedido?
es order_status ¿Cuándo llegará mi pedido?
es shipping_time ¿Cuánto tarda el envío?
es shipping ¿Cuándo despachan mi orden?
es none cuéntame un chiste
es none ¿quién eres?
es none ¿qué tiempo hará mañana?
es none quiero mucho a mi perro
es none queso azul
# pt
pt human Quero falar com um atendente humano
pt human Posso conversar com alguém de verdade?
pt cancel Preciso cancelar meu pedido urgente
pt cancel Como faço o cancelamento da encomenda?
pt change_address Coloquei o endereço errado, dá pra mudar?
pt change_address Quero alterar a morada de entrega
pt damaged O copo chegou quebrado
pt damaged A caixa veio amassada e o produto danificado
pt damaged A blusa veio rasgada na manga
pt payment_failed Meu cartão foi recusado na hora de finalizar
pt payment_failed Dá erro no pagamento toda vez que tento
pt refunds Quando vou receber o reembolso?
pt refunds Ainda não caiu o estorno no meu cartão
pt returns Quero devolver o tênis, ficou apertado
pt returns Como faço para trocar o produto?
pt coupon Meu cupom de desconto não está funcionando
pt coupon Vocês têm algum código promocional?
pt payment Posso pagar com Pix?
pt payment Dá para parcelar no cartão?
pt size_stock Tem esse vestido no tamanho M?
pt size_stock Esse modelo está esgotado?
pt shipping_time Quantos dias demora para chegar em Recife?
pt shipping_time Qual o prazo de entrega para Lisboa?
pt order_status Cadê meu pedido? Já faz 10 dias
pt order_status A minha encomenda ainda não chegou
pt order_status Onde está o meu pacote?
pt shipping Vocês enviam para Portugal?
pt shipping Quanto custa o frete?
pt thanks Muito obrigado pela ajuda!
pt thanks valeu!
pt greeting Oi, boa tarde
pt greeting Olá!
pt none Qual é o sentido da vida?
pt none Meu gato está dormindo
pt none Eu gosto da cor azul
pt shipping Quando vocês vão enviar meu pedido?
pt order_status Quando meu pedido vai chegar?
pt shipping_time Quanto tempo demora o envio?
pt shipping Quando despacham a minha encomenda?
pt none me conta uma piada
pt none quem é você?
pt none como vai estar o tempo amanhã?
pt none eu amo meu cachorro
pt none queijo azul
# fr
fr human Je voudrais parler à un conseiller s'il vous plaît
fr human Est-ce que je peux avoir un humain au téléphone ?
fr cancel Je souhaite annuler ma commande passée hier
fr cancel Comment faire une annulation ?
fr change_address Je me suis trompé d'adresse de livraison
fr change_address J'ai déménagé, pouvez-vous modifier l'adresse ?
fr damaged Le vase est arrivé cassé
fr damaged Mon colis est arrivé abîmé et l'écran est fissuré
fr damaged Le pull a un trou dans la manche
fr payment_failed Ma carte a été refusée alors qu'elle fonctionne
fr payment_failed J'ai une erreur de paiement à chaque fois
fr refunds Quand vais-je être remboursé ?
fr refunds Je n'ai toujours pas reçu mon remboursement
fr returns Je voudrais retourner ces chaussures
fr returns Comment renvoyer un article qui ne me plaît pas ?
fr coupon Mon code promo ne marche pas
fr coupon Vous avez une réduction pour les étudiants ?
fr payment Est-ce que je peux payer avec PayPal ?
fr payment Vous acceptez le paiement en trois fois ?
fr size_stock Vous avez ce jean en taille 40 ?
fr size_stock Ce modèle est en rupture de stock ?
fr shipping_time Combien de temps faut-il pour recevoir en Belgique ?
fr shipping_time Quel est le délai de livraison ?
fr order_status Où est ma commande ?
fr order_status Mon colis n'est toujours pas arrivé
fr order_status Je n'ai pas reçu ma commande, vous pouvez vérifier ?
fr shipping Vous livrez en Suisse ?
fr shipping Combien coûtent les frais de port ?
fr thanks Merci beaucoup pour votre aide
fr thanks Je vous remercie
fr greeting Bonjour
fr greeting Salut !
fr none Quel est le sens de la vie ?
fr none Mon chat dort sur le canapé
fr none J'aime la couleur bleue
fr shipping Quand allez-vous expédier ma commande ?
fr order_status Quand ma commande va-t-elle arriver ?
fr shipping_time Combien de temps prend la livraison ?
fr shipping Quand envoyez-vous ma commande ?
fr none raconte-moi une blague
fr none qui es-tu ?
fr none quel temps fera-t-il demain ?
fr none j'adore mon chien
fr none fromage bleu
# de
de human Ich möchte bitte mit einem Mitarbeiter sprechen
de human Kann ich mit einem echten Menschen reden?
de cancel Ich will meine Bestellung stornieren
de cancel Bitte die Bestellung von gestern abbrechen
de change_address Ich habe mich bei der Lieferadresse vertippt
de change_address Kann ich die Adresse noch ändern?
de damaged Die Tasse kam zerbrochen an
de damaged Das Paket war eingedrückt und der Inhalt ist beschädigt
de damaged Der Bildschirm hat einen Riss
de payment_failed Meine Kreditkarte wurde abgelehnt
de payment_failed Beim Bezahlen kommt immer ein Fehler, Zahlung fehlgeschlagen
de refunds Wann bekomme ich mein Geld zurück?
de refunds Die Rückerstattung ist noch nicht da
de returns Ich möchte die Schuhe zurückschicken
de returns Wie funktioniert die Rücksendung?
de coupon Mein Gutscheincode funktioniert nicht
de coupon Gibt es einen Rabatt für Neukunden?
de payment Kann ich per Rechnung bezahlen?
de payment Nehmt ihr auch PayPal?
de size_stock Habt ihr das Shirt in Größe M?
de size_stock Ist die schwarze Jacke noch auf Lager?
de shipping_time Wie lange dauert der Versand nach Österreich?
de shipping_time Wie ist die Lieferzeit in die Schweiz?
de order_status Wo ist meine Bestellung?
de order_status Mein Paket ist immer noch nicht angekommen
de order_status Können Sie mir die Sendungsnummer schicken?
de shipping Liefert ihr auch nach Italien?
de shipping Was kostet der Versand?
de thanks Vielen Dank für die Hilfe!
de thanks Danke schön
de greeting Hallo
de greeting Guten Morgen zusammen
de none Was ist der Sinn des Lebens?
de none Meine Katze schläft
de none Ich mag die Farbe Blau
de shipping Wann versenden Sie meine Bestellung?
de order_status Wann kommt meine Bestellung an?
de shipping_time Wie lange dauert der Versand?
de shipping Wann wird meine Bestellung verschickt?
de none erzähl mir einen witz
de none wer bist du?
de none wie wird das wetter morgen?
de none ich liebe meinen hund
de none blauschimmelkäse
# it
it human Vorrei parlare con un operatore, per favore
it human C'è una persona vera che mi può aiutare?
it cancel Voglio annullare l'ordine di ieri
it cancel Come posso cancellare un acquisto?
it change_address Ho sbagliato l'indirizzo di consegna
it change_address Posso cambiare l'indirizzo di spedizione?
it damaged Il vaso è arrivato rotto
it damaged La scatola era schiacciata e il prodotto è danneggiato
it damaged Lo schermo ha una crepa
it payment_failed La mia carta è stata rifiutata
it payment_failed Mi dà errore durante il pagamento
it refunds Quando arriva il rimborso?
it refunds Rivoglio i miei soldi
it returns Vorrei fare il reso di queste scarpe
it returns Come faccio a restituire un articolo?
it coupon Il codice sconto non funziona
it coupon Avete un coupon per il primo ordine?
it payment Posso pagare in contrassegno?
it payment Accettate PayPal?
it size_stock Avete questa maglia in taglia L?
it size_stock Il modello nero è esaurito?
it shipping_time Quanto tempo ci vuole per la consegna a Roma?
it shipping_time In quanti giorni arriva?
it order_status Dov'è il mio ordine?
it order_status Il mio pacco non è ancora arrivato
it order_status Non ho ricevuto niente, potete controllare?
it shipping Spedite in Svizzera?
it shipping Quanto costa la spedizione?
it thanks Grazie mille per l'aiuto
it thanks Ti ringrazio
it greeting Ciao!
it greeting Buongiorno
it none Qual è il senso della vita?
it none Il mio gatto dorme
it none Mi piace il colore blu
it shipping Quando spedite il mio ordine?
it order_status Quando arriverà il mio ordine?
it shipping_time Quanto tempo ci vuole per la spedizione?
it shipping Quando inviate il mio ordine?
it none raccontami una barzelletta
it none chi sei?
it none che tempo farà domani?
it none amo il mio cane
it none formaggio blu
# nl
nl human Ik wil graag met een medewerker spreken
nl human Kan ik een echt mens aan de lijn krijgen?
nl cancel Ik wil mijn bestelling annuleren
nl cancel Kan ik de order nog cancelen?
nl change_address Ik heb het verkeerde adres ingevuld
nl change_address Kan het bezorgadres nog aangepast worden?
nl damaged De mok is kapot aangekomen
nl damaged Het scherm is gebarsten
nl damaged Er zit een grote kras op de tafel
nl payment_failed Mijn betaling is mislukt bij het afrekenen
nl payment_failed Mijn creditcard wordt steeds geweigerd
nl refunds Wanneer krijg ik mijn geld terug?
nl refunds Is de terugbetaling al gedaan?
nl returns Ik wil deze schoenen retourneren
nl returns Hoe kan ik iets terugsturen?
nl coupon Mijn kortingscode werkt niet
nl coupon Hebben jullie een voucher voor nieuwe klanten?
nl payment Kan ik met iDEAL betalen?
nl payment Accepteren jullie creditcards?
nl size_stock Hebben jullie deze jas in maat L?
nl size_stock Is dit model uitverkocht?
nl shipping_time Hoe lang duurt de levering naar België?
nl shipping_time Binnen hoeveel dagen wordt het bezorgd?
nl order_status Waar is mijn bestelling?
nl order_status Mijn pakket is nog niet aangekomen
nl order_status Ik heb mijn bestelling nog steeds niet ontvangen
nl shipping Leveren jullie ook in Duitsland?
nl shipping Wat zijn de verzendkosten?
nl thanks Heel erg bedankt!
nl thanks Dankjewel voor je hulp
nl greeting Hallo
nl greeting Goedemorgen!
nl none Wat is de zin van het leven?
nl none Mijn kat slaapt
nl none Ik hou van blauw
nl shipping Wanneer versturen jullie mijn bestelling?
nl order_status Wanneer komt mijn bestelling aan?
nl shipping_time Hoe lang duurt de verzending?
nl shipping Wanneer wordt mijn bestelling verzonden?
nl none vertel me een grap
nl none wie ben jij?
nl none wat voor weer wordt het morgen?
nl none ik hou van mijn hond
nl none blauwe kaas
# pl
pl human Chcę porozmawiać z konsultantem
pl human Czy mogę rozmawiać z prawdziwym człowiekiem?
pl cancel Chcę anulować zamówienie
pl cancel Rezygnuję z zakupu, proszę o anulowanie
pl change_address Podałem zły adres dostawy
pl change_address Czy mogę zmienić adres wysyłki?
pl damaged Kubek przyszedł rozbity
pl damaged Paczka była zgnieciona, a telewizor jest uszkodzony
pl damaged Ekran jest pęknięty
pl payment_failed Moja płatność została odrzucona
pl payment_failed Wyskakuje błąd płatności przy kupowaniu
pl refunds Kiedy dostanę zwrot pieniędzy?
pl refunds Nadal nie mam moich pieniędzy za zwrócony towar
pl returns Chcę zwrócić buty
pl returns Jak mogę odesłać produkt?
pl coupon Mój kod rabatowy nie działa
pl coupon Czy macie jakąś zniżkę dla nowych klientów?
pl payment Czy mogę zapłacić BLIKIEM?
pl payment Czy jest płatność przy odbiorze?
pl size_stock Czy ta kurtka jest w rozmiarze M?
pl size_stock Czy ten model jest jeszcze dostępny?
pl shipping_time Ile dni trwa dostawa do Krakowa?
pl shipping_time Jak długo czeka się na paczkę?
pl order_status Gdzie jest moje zamówienie?
pl order_status Moja paczka jeszcze nie dotarła
pl order_status Nie otrzymałem jeszcze przesyłki
pl shipping Czy wysyłacie do Niemiec?
pl shipping Ile kosztuje dostawa?
pl thanks Dziękuję bardzo za pomoc
pl thanks dzięki!
pl greeting Dzień dobry
pl greeting Cześć
pl none Jaki jest sens życia?
pl none Mój kot śpi
pl none Lubię kolor niebieski
pl shipping Kiedy wyślecie moje zamówienie?
pl order_status Kiedy dotrze moje zamówienie?
pl shipping_time Ile trwa wysyłka?
pl order_status Kiedy nadacie paczkę?
pl none opowiedz mi żart
pl none kim jesteś?
pl none jaka będzie jutro pogoda?
pl none kocham mojego psa
pl none ser pleśniowy
# ru
ru human Хочу поговорить с живым человеком
ru human Переключите меня на оператора, пожалуйста
ru cancel Хочу отменить заказ
ru cancel Как сделать отмену покупки?
ru change_address Я указал неправильный адрес доставки
ru change_address Можно поменять адрес получения?
ru damaged Чашка пришла разбитой
ru damaged Коробка была помята, а товар повреждён
ru damaged На экране трещина
ru payment_failed Моя карта отклонена при оплате
ru payment_failed Выдаёт ошибку при оплате заказа
ru refunds Когда мне вернут деньги?
ru refunds Возврат денег до сих пор не пришёл
ru returns Хочу вернуть кроссовки
ru returns Как оформить возврат товара?
ru coupon Промокод не работает
ru coupon Есть ли скидка для новых покупателей?
ru payment Можно оплатить наличными при получении?
ru payment Принимаете ли вы карты Visa?
ru size_stock Есть ли эта куртка в размере M?
ru size_stock Чёрная модель есть в наличии?
ru shipping_time Сколько дней идёт доставка в Москву?
ru shipping_time Как долго ждать посылку?
ru order_status Где мой заказ?
ru order_status Моя посылка до сих пор не пришла
ru order_status Дайте трек-номер, пожалуйста
ru shipping Вы доставляете в Казахстан?
ru shipping Сколько стоит доставка?
ru thanks Большое спасибо за помощь
ru thanks Благодарю!
ru greeting Здравствуйте
ru greeting Привет
ru none В чём смысл жизни?
ru none Мой кот спит
ru none Я люблю синий цвет
ru shipping Когда вы отправите мой заказ?
ru order_status Когда придёт мой заказ?
ru shipping_time Сколько занимает доставка?
ru shipping Когда отправка моего заказа?
ru none расскажи анекдот
ru none кто ты?
ru none какая завтра погода?
ru none я люблю свою собаку
ru none голубой сыр
# uk
uk human Хочу поговорити з живою людиною
uk human З'єднайте мене з менеджером, будь ласка
uk cancel Хочу скасувати замовлення
uk cancel Як відмінити покупку?
uk change_address Я вказав неправильну адресу доставки
uk change_address Чи можна змінити адресу отримання?
uk damaged Чашка прийшла розбита
uk damaged Коробка була пом'ята, а товар пошкоджений
uk damaged На екрані тріщина
uk payment_failed Мою картку відхилено під час оплати
uk payment_failed Видає помилку при оплаті замовлення
uk refunds Коли мені повернуть гроші?
uk refunds Повернення коштів досі не надійшло
uk returns Хочу повернути кросівки
uk returns Як оформити повернення товару?
uk coupon Промокод не працює
uk coupon Чи є знижка для нових покупців?
uk payment Можна оплатити готівкою при отриманні?
uk payment Чи можна платити карткою Visa?
uk size_stock Чи є ця куртка в розмірі M?
uk size_stock Чорна модель є в наявності?
uk shipping_time Скільки днів йде доставка до Львова?
uk shipping_time Як довго чекати посилку?
uk order_status Де моє замовлення?
uk order_status Моя посилка досі не прийшла
uk order_status Дайте трек-номер, будь ласка
uk shipping Ви доставляєте до Польщі?
uk shipping Скільки коштує доставка?
uk thanks Дуже дякую за допомогу
uk thanks Щиро вдячна!
uk greeting Добрий день
uk greeting Привіт
uk none У чому сенс життя?
uk none Мій кіт спить
uk none Я люблю синій колір
uk shipping Коли ви відправите моє замовлення?
uk order_status Коли прийде моє замовлення?
uk shipping_time Скільки триває доставка?
uk shipping Коли відправка мого замовлення?
uk none розкажи анекдот
uk none хто ти?
uk none яка завтра погода?
uk none я люблю свого собаку
uk none блакитний сир
# tr
tr human Bir müşteri temsilcisiyle görüşebilir miyim?
tr human Gerçek bir insanla konuşmak istiyorum lütfen
tr cancel Siparişimi iptal etmek istiyorum
tr cancel İptal edebilir miyim, yanlışlıkla sipariş verdim
tr change_address Teslimat adresimi yanlış yazdım
tr change_address Adresi değiştirmem mümkün mü?
tr damaged Bardak kırık geldi
tr damaged Kutu ezilmiş ve ürün hasarlı
tr damaged Ekranda çatlak var
tr payment_failed Kartım reddedildi, neden olabilir?
tr payment_failed Ödeme yaparken hata alıyorum
tr refunds Paramı ne zaman geri alırım?
tr refunds Para iadem hâlâ hesabıma geçmedi
tr returns Bu ayakkabıyı iade etmek istiyorum
tr returns İade nasıl yapılıyor?
tr coupon İndirim kodum çalışmıyor
tr coupon Kupon kodu nereye yazılıyor?
tr payment Kapıda ödeme var mı?
tr payment Kredi kartına taksit yapıyor musunuz?
tr size_stock Bu montun M bedeni var mı?
tr size_stock Siyah renk stokta kalmadı mı?
tr shipping_time İstanbul'a kargo kaç günde gelir?
tr shipping_time Teslimat ne kadar sürer?
tr order_status Siparişim nerede?
tr order_status Kargom hala gelmedi
tr order_status Kargo takip numarasını alabilir miyim?
tr shipping Almanya'ya gönderim yapıyor musunuz?
tr shipping Kargo ücreti ne kadar?
tr thanks Yardımınız için çok teşekkürler
tr thanks Sağolun
tr greeting Merhaba
tr greeting İyi günler
tr none Hayatın anlamı nedir?
tr none Kedim uyuyor
tr none Mavi rengi seviyorum
tr shipping Siparişimi ne zaman kargoya vereceksiniz?
tr order_status Siparişim ne zaman gelir?
tr shipping_time Kargo ne kadar sürüyor?
tr shipping Ne zaman gönderirsiniz?
tr none bana bir fıkra anlat
tr none sen kimsin?
tr none yarın hava nasıl olacak?
tr none köpeğimi çok seviyorum
tr none rokfor peyniri
# ar
ar human أبغى أكلم موظف خدمة عملاء لو سمحت
ar human ممكن أتواصل مع شخص حقيقي؟
ar cancel أريد إلغاء الطلب من فضلك
ar cancel بدي ألغي الأوردر اللي عملته امبارح
ar change_address كتبت العنوان غلط، ممكن أعدله؟
ar change_address أبي أغير عنوان التوصيل
ar damaged الكوب وصلني مكسور
ar damaged الكرتون كان مبعوج والجهاز فيه خدوش
ar damaged الشاشة متشققة من أول يوم
ar payment_failed البطاقة مرفوضة وما قدرت أكمل الطلب
ar payment_failed عملية الدفع فشلت أكثر من مرة
ar refunds متى يرجع المبلغ لحسابي؟
ar refunds أبغى استرداد فلوسي
ar returns أريد إرجاع الحذاء
ar returns كيف أستبدل المنتج بمقاس ثاني؟
ar coupon كود الخصم ما يشتغل
ar coupon عندكم كوبون للطلب الأول؟
ar payment هل يمكن الدفع عند الاستلام؟
ar payment تقبلون بطاقات مدى؟
ar size_stock هل يوجد مقاس لارج من هذا القميص؟
ar size_stock هل اللون الأسود متوفر؟
ar shipping_time كم يوم يستغرق التوصيل للرياض؟
ar shipping_time الطلب بياخد قد ايه لحد ما يوصل؟
ar order_status وين طلبي؟
ar order_status الطلب لسه ما وصلني
ar order_status ممكن رقم التتبع للشحنة؟
ar shipping هل تشحنون إلى الكويت؟
ar shipping كم سعر التوصيل؟
ar thanks شكراً جزيلاً على المساعدة
ar thanks مشكورين
ar greeting السلام عليكم
ar greeting مرحبا
ar none ما هو معنى الحياة؟
ar none قطتي نائمة
ar none أحب اللون الأزرق
ar shipping متى راح تشحنون طلبي؟
ar order_status متى يوصل طلبي؟
ar shipping_time كم يستغرق الشحن؟
ar shipping متى ترسلون الطلب؟
ar none احكيلي نكتة
ar none مين انت؟
ar none كيف الطقس بكرة؟
ar none احب كلبي
ar none جبنة زرقاء
# he
he human אני רוצה לדבר עם נציג אנושי
he human אפשר בבקשה בן אדם ולא מערכת אוטומטית?
he cancel אני רוצה לבטל את ההזמנה
he cancel איך מבטלים הזמנה?
he change_address רשמתי כתובת לא נכונה למשלוח
he change_address אפשר לשנות את הכתובת?
he damaged הכוס הגיעה שבורה
he damaged הקופסה הייתה מעוכה והמכשיר פגום
he damaged יש סדק במסך
he payment_failed התשלום נכשל כמה פעמים
he payment_failed הכרטיס שלי נדחה בקופה
he refunds מתי אקבל את ההחזר הכספי?
he refunds עוד לא קיבלתי זיכוי על המוצר שהחזרתי
he returns אני רוצה להחזיר את הנעליים
he returns איך עושים החזרה של מוצר?
he coupon קוד ההנחה לא עובד
he coupon יש לכם קופון ללקוחות חדשים?
he payment אפשר לשלם בביט?
he payment אתם מקבלים כרטיס אשראי אמריקן אקספרס?
he size_stock יש את החולצה הזאת במידה L?
he size_stock הדגם השחור במלאי?
he shipping_time כמה זמן לוקח משלוח לחיפה?
he shipping_time תוך כמה ימים זה מגיע?
he order_status איפה ההזמנה שלי?
he order_status החבילה עדיין לא הגיעה
he order_status אפשר מספר מעקב?
he shipping אתם שולחים לאילת?
he shipping כמה עולה המשלוח?
he thanks תודה רבה על העזרה
he thanks אני ממש מעריכה את זה
he greeting שלום
he greeting בוקר טוב
he none מה המשמעות של החיים?
he none החתול שלי ישן
he none אני אוהב כחול
he shipping מתי תשלחו את ההזמנה שלי?
he order_status מתי ההזמנה שלי תגיע?
he shipping_time כמה זמן לוקח המשלוח?
he shipping מתי אתם שולחים את ההזמנה?
he none ספר לי בדיחה
he none מי אתה?
he none איך יהיה מזג האוויר מחר?
he none אני אוהב את הכלב שלי
he none גבינה כחולה
# fa
fa human می‌خوام با یک کارشناس صحبت کنم
fa human لطفا منو به اپراتور وصل کنید
fa cancel می‌خوام سفارشم رو لغو کنم
fa cancel چطوری خریدم رو کنسل کنم؟
fa change_address آدرس رو اشتباه وارد کردم
fa change_address امکان تغییر نشانی تحویل هست؟
fa damaged لیوان شکسته به دستم رسید
fa damaged کارتن له شده بود و گوشی آسیب دیده
fa damaged صفحه نمایش ترک خورده
fa payment_failed پرداختم ناموفق بود ولی پول از حسابم کم شد
fa payment_failed موقع پرداخت خطا میده، تراکنش ناموفق
fa refunds کی پولم برمی‌گرده؟
fa refunds استرداد وجه من چی شد؟
fa returns می‌خوام این کفش رو مرجوع کنم
fa returns امکان تعویض کالا هست؟
fa coupon کد تخفیفم کار نمی‌کنه
fa coupon برای خرید اول تخفیف دارید؟
fa payment می‌شه پرداخت در محل انجام داد؟
fa payment با کارت بانکی میشه خرید کرد؟
fa size_stock این مانتو سایز ۴۰ داره؟
fa size_stock رنگ مشکی موجوده؟
fa shipping_time ارسال به شیراز چند روز طول می‌کشه؟
fa shipping_time چه مدت تا تحویل سفارش زمان لازمه؟
fa order_status سفارشم کجاست؟
fa order_status بسته‌ام هنوز نرسیده
fa order_status کد رهگیری مرسوله رو میدید؟
fa shipping به کرج هم ارسال دارید؟
fa shipping هزینه ارسال چقدره؟
fa thanks خیلی ممنون از راهنمایی‌تون
fa thanks مرسی
fa greeting سلام
fa greeting وقت بخیر
fa none معنی زندگی چیست؟
fa none گربه‌ام خوابیده
fa none من رنگ آبی را دوست دارم
fa shipping کی سفارشم رو ارسال می‌کنید؟
fa order_status سفارشم کی می‌رسه؟
fa shipping_time ارسال چقدر طول می‌کشه؟
fa shipping کی سفارش رو می‌فرستید؟
fa none یه جوک بگو
fa none تو کی هستی؟
fa none هوای فردا چطوره؟
fa none سگمو دوست دارم
fa none پنیر آبی
# hi
hi human मुझे किसी असली इंसान से बात करनी है
hi human कृपया मुझे कस्टमर केयर एजेंट से जोड़ दीजिए
hi cancel मुझे अपना ऑर्डर कैंसल करना है
hi cancel क्या मैं यह ऑर्डर रद्द कर सकता हूँ?
hi change_address मैंने गलत पता डाल दिया है
hi change_address डिलीवरी का एड्रेस बदलना है
hi damaged मेरा गिलास टूटा हुआ आया है
hi damaged पैकेट खुला था और फोन की स्क्रीन पर दरार है
hi damaged जूते फटे हुए मिले
hi payment_failed मेरा पेमेंट फेल हो गया लेकिन पैसे कट गए
hi payment_failed कार्ड से भुगतान नहीं हो रहा है
hi refunds मेरा रिफंड कब आएगा?
hi refunds मुझे मेरे पैसे वापस चाहिए
hi returns मुझे यह कुर्ता रिटर्न करना है
hi returns सामान वापस कैसे भेजूँ?
hi coupon मेरा कूपन कोड काम नहीं कर रहा
hi coupon क्या कोई डिस्काउंट मिल सकता है?
hi payment क्या कैश ऑन डिलीवरी उपलब्ध है?
hi payment क्या मैं यूपीआई से पेमेंट कर सकता हूँ?
hi size_stock क्या यह शर्ट L साइज में है?
hi size_stock काला वाला स्टॉक में है क्या?
hi shipping_time दिल्ली तक डिलीवरी में कितने दिन लगेंगे?
hi shipping_time सामान आने में कितना समय लगता है?
hi order_status मेरा ऑर्डर कहाँ है?
hi order_status मेरा पार्सल अभी तक नहीं आया
hi order_status ट्रैकिंग नंबर भेज दीजिए
hi shipping क्या आप मुंबई में डिलीवरी करते हैं?
hi shipping शिपिंग का चार्ज कितना है?
hi thanks मदद के लिए बहुत धन्यवाद
hi thanks शुक्रिया जी
hi greeting नमस्ते
hi greeting हैलो जी
hi none जीवन का अर्थ क्या है?
hi none मेरी बिल्ली सो रही है
hi none मुझे नीला रंग पसंद है
hi shipping आप मेरा ऑर्डर कब भेजेंगे?
hi order_status मेरा ऑर्डर कब आएगा?
hi shipping_time शिपिंग में कितना समय लगता है?
hi shipping मेरा ऑर्डर कब शिप होगा?
hi none मुझे एक चुटकुला सुनाओ
hi none तुम कौन हो?
hi none कल मौसम कैसा रहेगा?
hi none मुझे अपने कुत्ते से प्यार है
hi none ब्लू चीज़
# th
th human ขอคุยกับพนักงานได้ไหมคะ
th human อยากคุยกับคนจริงๆ ครับ
th cancel ต้องการยกเลิกคำสั่งซื้อค่ะ
th cancel ขอแคนเซิลออร์เดอร์เมื่อวานได้ไหม
th change_address ใส่ที่อยู่ผิดค่ะ ขอแก้ได้ไหม
th change_address ย้ายบ้านแล้ว อยากเปลี่ยนที่จัดส่งครับ
th damaged แก้วแตกมาเลยค่ะ
th damaged กล่องบุบและสินค้าชำรุด
th damaged เสื้อมีรูตรงแขนครับ
th payment_failed ชำระเงินไม่สำเร็จ ทำยังไงดี
th payment_failed บัตรเครดิตถูกปฏิเสธตอนจ่าย
th refunds จะได้เงินคืนเมื่อไหร่คะ
th refunds ขอรีฟันด์ค่ะ
th returns อยากคืนสินค้าค่ะ ไม่ชอบ
th returns ส่งคืนยังไงครับ
th coupon ใช้คูปองไม่ได้ค่ะ
th coupon มีส่วนลดสำหรับลูกค้าใหม่ไหมคะ
th payment เก็บเงินปลายทางได้ไหมคะ
th payment โอนผ่านพร้อมเพย์ได้ไหม
th size_stock เสื้อตัวนี้มีไซส์ L ไหมคะ
th size_stock สีดำหมดแล้วเหรอคะ
th shipping_time ส่งไปเชียงใหม่กี่วันถึงคะ
th shipping_time ใช้เวลาจัดส่งนานแค่ไหนครับ
th order_status ของฉันอยู่ไหนแล้วคะ
th order_status ยังไม่ได้รับของเลยค่ะ สั่งไปอาทิตย์นึงแล้ว
th order_status ขอเลขพัสดุหน่อยครับ
th shipping ส่งต่างประเทศไหมคะ
th shipping ค่าส่งเท่าไหร่ครับ
th thanks ขอบคุณมากค่ะ
th thanks ขอบใจนะ
th greeting สวัสดีค่ะ
th greeting หวัดดีครับ
th none ความหมายของชีวิตคืออะไร
th none แมวของฉันกำลังนอนหลับ
th none ฉันชอบสีฟ้า
th shipping จะส่งของให้เมื่อไหร่คะ
th order_status ออเดอร์จะมาถึงเมื่อไหร่
th shipping_time จัดส่งใช้เวลานานแค่ไหน
th shipping จะจัดส่งออเดอร์ของฉันวันไหน
th none เล่าเรื่องตลกให้ฟังหน่อย
th none คุณเป็นใคร
th none พรุ่งนี้อากาศเป็นยังไง
th none ฉันรักหมาของฉัน
th none บลูชีส
# vi
vi human Cho mình gặp nhân viên tư vấn với
vi human Tôi muốn nói chuyện với người thật
vi cancel Mình muốn hủy đơn hàng vừa đặt
vi cancel shop oi huy don giup minh
vi change_address Mình ghi sai địa chỉ giao hàng rồi
vi change_address Cho em đổi địa chỉ nhận hàng được không
vi damaged Cái ly bị vỡ khi nhận hàng
vi damaged Hộp bị móp và sản phẩm bị trầy xước
vi damaged Áo bị rách ở tay
vi payment_failed Thanh toán không thành công mà bị trừ tiền rồi
vi payment_failed Thẻ của tôi bị từ chối khi đặt hàng
vi refunds Khi nào tôi được hoàn tiền?
vi refunds Shop trả lại tiền cho em chưa ạ
vi returns Mình muốn trả hàng vì không vừa
vi returns Cho em đổi trả sản phẩm này
vi coupon Mã giảm giá không dùng được
vi coupon Shop có voucher cho khách mới không?
vi payment Có thanh toán khi nhận hàng không?
vi payment Mình chuyển khoản được không shop
vi size_stock Áo này còn size M không ạ?
vi size_stock Màu đen hết hàng rồi hả shop
vi shipping_time Giao ra Hà Nội mất mấy ngày?
vi shipping_time ship vao Sai Gon bao lau vay shop
vi order_status Đơn hàng của mình đâu rồi?
vi order_status Em vẫn chưa nhận được hàng
vi order_status Cho mình xin mã vận đơn
vi shipping Shop có giao hàng ra nước ngoài không?
vi shipping Phí ship bao nhiêu vậy?
vi thanks Cảm ơn shop nhiều nha
vi thanks cam on ban
vi greeting Xin chào
vi greeting Chào shop
vi none Ý nghĩa của cuộc sống là gì?
vi none Con mèo của tôi đang ngủ
vi none Tôi thích màu xanh dương
vi shipping Khi nào shop gửi hàng cho mình?
vi order_status Khi nào đơn hàng của tôi đến?
vi shipping_time Vận chuyển mất bao lâu?
vi shipping Bao giờ shop ship đơn của mình?
vi none kể cho tôi một câu chuyện cười
vi none bạn là ai?
vi none ngày mai thời tiết thế nào?
vi none tôi yêu con chó của tôi
vi none phô mai xanh
# id
id human Saya mau bicara dengan customer service langsung
id human Bisa dihubungkan ke petugas manusia?
id cancel Saya ingin membatalkan pesanan
id cancel Kak pesanannya gak jadi ya, tolong cancel
id change_address Alamat pengiriman saya salah tulis
id change_address Bisa ganti alamat pengirimannya?
id damaged Gelasnya pecah waktu sampai
id damaged Kardusnya penyok dan barangnya rusak
id damaged Bajunya sobek di bagian lengan
id payment_failed Pembayaran saya gagal terus
id payment_failed Kartu kredit saya ditolak waktu checkout
id refunds Kapan uang saya dikembalikan?
id refunds Refund saya belum masuk sampai sekarang
id returns Saya mau retur sepatu ini
id returns Bagaimana cara mengembalikan barang?
id coupon Kode promo saya tidak bisa dipakai
id coupon Ada voucher untuk pembeli baru?
id payment Bisa bayar di tempat?
id payment Bisa pakai GoPay?
id size_stock Kemeja ini ada ukuran L?
id size_stock Warna hitam stoknya masih ada?
id shipping_time Pengiriman ke Surabaya berapa hari?
id shipping_time Berapa lama sampai ke Medan?
id order_status Pesanan saya di mana ya?
id order_status Paket saya belum sampai juga
id order_status Minta nomor resinya dong kak
id shipping Apakah bisa kirim ke Malaysia?
id shipping Ongkirnya berapa ke Bandung?
id thanks Terima kasih banyak kak
id thanks makasih ya
id greeting Halo kak
id greeting Selamat pagi
id none Apa arti kehidupan?
id none Kucing saya sedang tidur
id none Saya suka warna biru
id shipping Kapan pesanan saya dikirim?
id order_status Kapan pesanan saya sampai?
id shipping_time Pengiriman butuh berapa lama?
id order_status Kapan paketnya dikirim kak?
id none ceritakan lelucon dong
id none kamu siapa?
id none besok cuacanya bagaimana?
id none aku sayang anjingku
id none keju biru
# ms
ms human Saya nak bercakap dengan wakil khidmat pelanggan
ms human Boleh sambungkan saya dengan orang sebenar?
ms cancel Saya nak batalkan pesanan saya
ms cancel Tolong cancel order semalam
ms change_address Saya tersalah tulis alamat penghantaran
ms change_address Boleh tukar alamat untuk order ni?
ms damaged Cawan sampai dalam keadaan pecah
ms damaged Kotak kemik dan barang rosak
ms damaged Baju koyak kat lengan
ms payment_failed Pembayaran saya gagal tapi duit dah tolak
ms payment_failed Kad kredit saya ditolak masa checkout
ms refunds Bila saya dapat refund?
ms refunds Duit saya belum masuk lagi lepas pulangan
ms returns Saya nak pulangkan kasut ni
ms returns Macam mana nak hantar balik barang?
ms coupon Kod promo tak boleh guna
ms coupon Ada baucar untuk pelanggan baru?
ms payment Boleh bayar guna FPX?
ms payment Ada COD tak?
ms size_stock Baju ni ada saiz M?
ms size_stock Warna hitam masih ada stok?
ms shipping_time Penghantaran ke Johor berapa hari?
ms shipping_time Berapa lama nak sampai Sabah?
ms order_status Barang saya kat mana sekarang?
ms order_status Parcel saya belum sampai lagi
ms order_status Boleh bagi nombor tracking?
ms shipping Boleh hantar ke Singapura?
ms shipping Kos pos berapa ye?
ms thanks Terima kasih banyak-banyak
ms thanks tq ya
ms greeting Hai
ms greeting Selamat pagi
ms none Apakah makna kehidupan?
ms none Kucing saya sedang tidur
ms none Saya suka warna biru
ms shipping Bila order saya akan dihantar?
ms order_status Bila order saya akan sampai?
ms shipping_time Penghantaran ambil masa berapa lama?
ms shipping Bila nak pos barang saya?
ms none cerita satu lawak
ms none awak siapa?
ms none cuaca esok macam mana?
ms none saya sayang anjing saya
ms none keju biru
# sv
sv human Jag vill prata med en riktig människa
sv human Kan jag få kontakt med en handläggare?
sv cancel Jag vill avbeställa min order
sv cancel Hur avbryter jag mitt köp?
sv change_address Jag skrev fel leveransadress
sv change_address Kan ni ändra adressen på beställningen?
sv damaged Koppen kom trasig
sv damaged Kartongen var mosad och varan skadad
sv damaged Skärmen har en spricka
sv payment_failed Betalningen misslyckades hela tiden
sv payment_failed Mitt kort nekades i kassan
sv refunds När får jag min återbetalning?
sv refunds Jag vill ha pengarna tillbaka
sv returns Jag vill returnera skorna
sv returns Hur skickar jag tillbaka en vara?
sv coupon Min rabattkod fungerar inte
sv coupon Har ni någon kupong för nya kunder?
sv payment Kan jag betala med Swish?
sv payment Går det att betala med faktura?
sv size_stock Finns tröjan i storlek M?
sv size_stock Är den svarta slutsåld?
sv shipping_time Hur lång tid tar leveransen till Malmö?
sv shipping_time Hur många dagar tar det?
sv order_status Var är min beställning?
sv order_status Mitt paket har fortfarande inte kommit
sv order_status Kan jag få spårningsnumret?
sv shipping Skickar ni till Finland?
sv shipping Vad kostar frakten?
sv thanks Tack så mycket för hjälpen
sv thanks tackar
sv greeting Hej
sv greeting God morgon
sv none Vad är meningen med livet?
sv none Min katt sover
sv none Jag gillar blått
sv shipping När skickar ni min beställning?
sv order_status När kommer min beställning?
sv shipping_time Hur lång tid tar frakten?
sv shipping När skickas min order?
sv none berätta ett skämt
sv none vem är du?
sv none hur blir vädret imorgon?
sv none jag älskar min hund
sv none blåmögelost
# da
da human Jeg vil gerne tale med et rigtigt menneske
da human Kan jeg få fat i en medarbejder?
da cancel Jeg vil annullere min ordre
da cancel Kan jeg afbestille mit køb?
da change_address Jeg har skrevet forkert leveringsadresse
da change_address Kan I ændre adressen på ordren?
da damaged Koppen kom i stykker
da damaged Kassen var mast og varen er beskadiget
da damaged Skærmen er revnet
da payment_failed Min betaling mislykkedes
da payment_failed Mit kort blev afvist ved kassen
da refunds Hvornår får jeg min refusion?
da refunds Jeg vil have pengene tilbage
da returns Jeg vil returnere skoene
da returns Hvordan sender jeg en vare tilbage?
da coupon Min rabatkode virker ikke
da coupon Har I en kupon til nye kunder?
da payment Kan jeg betale med MobilePay?
da payment Tager I imod Dankort?
da size_stock Findes trøjen i størrelse M?
da size_stock Er den sorte udsolgt?
da shipping_time Hvor lang tid tager levering til Aarhus?
da shipping_time Hvor mange dage tager det?
da order_status Hvor er min ordre?
da order_status Min pakke er stadig ikke kommet
da order_status Kan jeg få sporingsnummeret?
da shipping Sender I til Sverige?
da shipping Hvad koster fragten?
da thanks Tusind tak for hjælpen
da thanks Tak skal du have
da greeting Hej
da greeting God morgen
da none Hvad er meningen med livet?
da none Min kat sover
da none Jeg kan godt lide blå
da shipping Hvornår sender I min ordre?
da order_status Hvornår kommer min ordre?
da shipping_time Hvor lang tid tager forsendelsen?
da shipping Hvornår bliver min ordre sendt?
da none fortæl en vittighed
da none hvem er du?
da none hvordan bliver vejret i morgen?
da none jeg elsker min hund
da none blåskimmelost
# nb
nb human Jeg vil snakke med et ekte menneske
nb human Kan jeg få en saksbehandler på tråden?
nb cancel Jeg vil kansellere bestillingen min
nb cancel Hvordan avbestiller jeg ordren?
nb change_address Jeg skrev feil leveringsadresse
nb change_address Kan dere endre adressen på bestillingen?
nb damaged Koppen kom knust
nb damaged Esken var bulket og varen skadet
nb damaged Skjermen har en sprekk
nb payment_failed Betalingen min feilet
nb payment_failed Kortet mitt ble avvist i kassen
nb refunds Når får jeg refusjonen?
nb refunds Jeg vil ha pengene tilbake
nb returns Jeg vil returnere skoene
nb returns Hvordan sender jeg tilbake en vare?
nb coupon Rabattkoden min virker ikke
nb coupon Har dere en kupong for nye kunder?
nb payment Kan jeg betale med Vipps?
nb payment Tar dere Klarna?
nb size_stock Finnes genseren i størrelse M?
nb size_stock Er den svarte utsolgt?
nb shipping_time Hvor lang tid tar levering til Bergen?
nb shipping_time Hvor mange dager tar det?
nb order_status Hvor er bestillingen min?
nb order_status Pakken min har fortsatt ikke kommet
nb order_status Kan jeg få sporingsnummeret?
nb shipping Sender dere til Danmark?
nb shipping Hva koster frakten?
nb thanks Tusen takk for hjelpen
nb thanks takk skal du ha
nb greeting Hei
nb greeting God morgen
nb none Hva er meningen med livet?
nb none Katten min sover
nb none Jeg liker blått
nb shipping Når sender dere bestillingen min?
nb order_status Når kommer bestillingen min?
nb shipping_time Hvor lang tid tar frakten?
nb shipping Når blir ordren min sendt?
nb none fortell en vits
nb none hvem er du?
nb none hvordan blir været i morgen?
nb none jeg elsker hunden min
nb none blåmuggost
# fi
fi human Haluaisin puhua oikean ihmisen kanssa
fi human Voinko saada asiakaspalvelijan linjalle?
fi cancel Haluan perua tilaukseni
fi cancel Miten tilauksen peruutus tehdään?
fi change_address Kirjoitin väärän toimitusosoitteen
fi change_address Voitteko vaihtaa osoitteen tilaukseen?
fi damaged Muki tuli rikki
fi damaged Laatikko oli litistynyt ja tuote vaurioitunut
fi damaged Näytössä on halkeama ja naarmuja
fi payment_failed Maksu epäonnistui monta kertaa
fi payment_failed Korttini hylättiin kassalla
fi refunds Milloin saan hyvityksen?
fi refunds Haluan rahani takaisin
fi returns Haluan palauttaa kengät
fi returns Miten tuotteen palautus toimii?
fi coupon Alennuskoodi ei toimi
fi coupon Onko teillä kuponkia uusille asiakkaille?
fi payment Voiko maksaa MobilePaylla?
fi payment Käykö lasku maksutavaksi?
fi size_stock Onko tätä paitaa kokoa M?
fi size_stock Onko musta malli loppuunmyyty?
fi shipping_time Kauanko toimitus Ouluun kestää?
fi shipping_time Montako päivää menee?
fi order_status Missä tilaukseni on?
fi order_status Pakettini ei ole vieläkään tullut
fi order_status Saisinko seurantakoodin?
fi shipping Toimitatteko Ruotsiin?
fi shipping Paljonko postikulut ovat?
fi thanks Kiitos paljon avusta
fi thanks kiitti!
fi greeting Hei
fi greeting Hyvää huomenta
fi none Mikä on elämän tarkoitus?
fi none Kissani nukkuu
fi none Pidän sinisestä väristä
fi shipping Milloin lähetätte tilaukseni?
fi order_status Milloin tilaukseni saapuu?
fi shipping_time Kuinka kauan toimitus kestää?
fi shipping Milloin tilaus postitetaan?
fi none kerro vitsi
fi none kuka sinä olet?
fi none millainen sää on huomenna?
fi none rakastan koiraani
fi none sinihomejuusto
# cs
cs human Chci mluvit s živým člověkem
cs human Můžete mě spojit s operátorem?
cs cancel Chci zrušit objednávku
cs cancel Jak provedu storno nákupu?
cs change_address Zadal jsem špatnou doručovací adresu
cs change_address Můžete změnit adresu u objednávky?
cs damaged Hrnek přišel rozbitý
cs damaged Krabice byla zmačkaná a zboží poškozené
cs damaged Na displeji je prasklina
cs payment_failed Platba mi neprošla
cs payment_failed Moje karta byla zamítnuta
cs refunds Kdy dostanu vrácení peněz?
cs refunds Chci své peníze zpět
cs returns Chci vrátit boty
cs returns Jak funguje výměna zboží?
cs coupon Slevový kód nefunguje
cs coupon Máte kupon pro nové zákazníky?
cs payment Můžu zaplatit na dobírku?
cs payment Berete platbu kartou?
cs size_stock Máte tuto mikinu ve velikosti M?
cs size_stock Je černá varianta skladem?
cs shipping_time Jak dlouho trvá doručení do Brna?
cs shipping_time Kolik dní se čeká?
cs order_status Kde je moje objednávka?
cs order_status Balík pořád nedorazil
cs order_status Můžete mi poslat číslo pro sledování zásilky?
cs shipping Posíláte i na Slovensko?
cs shipping Kolik stojí doprava?
cs thanks Moc děkuji za pomoc
cs thanks díky
cs greeting Dobrý den
cs greeting Ahoj
cs none Jaký je smysl života?
cs none Moje kočka spí
cs none Mám rád modrou barvu
cs shipping Kdy odešlete moji objednávku?
cs order_status Kdy dorazí moje objednávka?
cs shipping_time Jak dlouho trvá doprava?
cs shipping Kdy bude objednávka odeslána?
cs none řekni mi vtip
cs none kdo jsi?
cs none jaké bude zítra počasí?
cs none miluju svého psa
cs none nivový sýr
# ro
ro human Vreau să vorbesc cu un operator uman
ro human Pot vorbi cu o persoană reală?
ro cancel Vreau să anulez comanda
ro cancel Cum pot face anularea comenzii?
ro change_address Am scris greșit adresa de livrare
ro change_address Puteți schimba adresa comenzii?
ro damaged Cana a venit spartă
ro damaged Cutia era turtită și produsul deteriorat
ro damaged Ecranul este crăpat
ro payment_failed Plata mea a eșuat
ro payment_failed Cardul meu a fost respins la checkout
ro refunds Când primesc rambursarea?
ro refunds Vreau banii înapoi
ro returns Vreau să returnez pantofii
ro returns Cum fac retur la un produs?
ro coupon Codul de reducere nu funcționează
ro coupon Aveți un cupon pentru clienți noi?
ro payment Pot plăti ramburs la curier?
ro payment Acceptați plata cu cardul?
ro size_stock Aveți bluza asta în mărimea M?
ro size_stock Modelul negru mai este în stoc?
ro shipping_time Cât durează livrarea în Cluj?
ro shipping_time În câte zile ajunge coletul?
ro order_status Unde este comanda mea?
ro order_status Coletul nu a ajuns încă
ro order_status Îmi puteți da numărul AWB?
ro shipping Livrați și în Moldova?
ro shipping Cât costă transportul?
ro thanks Mulțumesc mult pentru ajutor
ro thanks mersi
ro greeting Bună ziua
ro greeting Salut
ro none Care este sensul vieții?
ro none Pisica mea doarme
ro none Îmi place culoarea albastră
ro shipping Când expediați comanda mea?
ro order_status Când ajunge comanda mea?
ro shipping_time Cât durează livrarea?
ro shipping Când trimiteți comanda?
ro none spune-mi o glumă
ro none cine ești?
ro none cum va fi vremea mâine?
ro none îmi iubesc câinele
ro none brânză cu mucegai
# el
el human Θέλω να μιλήσω με έναν εκπρόσωπο
el human Μπορώ να μιλήσω με άνθρωπο και όχι με αυτόματο σύστημα;
el cancel Θέλω να ακυρώσω την παραγγελία μου
el cancel Πώς γίνεται η ακύρωση;
el change_address Έγραψα λάθος διεύθυνση αποστολής
el change_address Μπορείτε να αλλάξετε τη διεύθυνση;
el damaged Η κούπα ήρθε σπασμένη
el damaged Το κουτί ήταν χτυπημένο και το προϊόν χαλασμένο
el damaged Η οθόνη είναι ραγισμένη
el payment_failed Η πληρωμή μου απέτυχε
el payment_failed Η κάρτα μου απορρίφθηκε στο ταμείο
el refunds Πότε θα πάρω πίσω τα χρήματά μου;
el refunds Θέλω τα λεφτά μου πίσω
el returns Θέλω να επιστρέψω τα παπούτσια
el returns Πώς κάνω επιστροφή προϊόντος;
el coupon Ο εκπτωτικός κωδικός δεν δουλεύει
el coupon Έχετε κουπόνι για νέους πελάτες;
el payment Μπορώ να πληρώσω με αντικαταβολή;
el payment Δέχεστε πιστωτική κάρτα;
el size_stock Έχετε αυτή τη μπλούζα σε μέγεθος M;
el size_stock Το μαύρο είναι διαθέσιμο;
el shipping_time Πόσες μέρες κάνει η αποστολή στη Θεσσαλονίκη;
el shipping_time Σε πόσες ημέρες έρχεται;
el order_status Πού είναι η παραγγελία μου;
el order_status Το δέμα μου δεν έχει έρθει ακόμα
el order_status Μπορώ να έχω τον αριθμό αποστολής για παρακολούθηση;
el shipping Κάνετε αποστολή στην Κύπρο;
el shipping Πόσο κοστίζουν τα μεταφορικά;
el thanks Ευχαριστώ πολύ για τη βοήθεια
el thanks ευχαριστώ!
el greeting Γεια σας
el greeting Καλημέρα
el none Ποιο είναι το νόημα της ζωής;
el none Η γάτα μου κοιμάται
el none Μου αρέσει το μπλε χρώμα
el shipping Πότε θα στείλετε την παραγγελία μου;
el order_status Πότε θα φτάσει η παραγγελία μου;
el shipping_time Πόσο καιρό παίρνει η αποστολή;
el shipping Πότε αποστέλλεται η παραγγελία;
el none πες μου ένα ανέκδοτο
el none ποιος είσαι;
el none τι καιρό θα κάνει αύριο;
el none αγαπώ τον σκύλο μου
el none μπλε τυρί
# hu
hu human Szeretnék egy élő emberrel beszélni
hu human Kapcsolna egy ügyintézőhöz?
hu cancel Szeretném lemondani a rendelésemet
hu cancel Hogyan tudom törölni a rendelést?
hu change_address Rossz szállítási címet adtam meg
hu change_address Meg tudják változtatni a címet?
hu damaged A bögre összetörve érkezett
hu damaged A doboz behorpadt és a termék megsérült
hu damaged A kijelző megrepedt
hu payment_failed A fizetés sikertelen volt
hu payment_failed A kártyámat elutasították a pénztárnál
hu refunds Mikor kapom meg a visszatérítést?
hu refunds Vissza szeretném kapni a pénzemet
hu returns Szeretném visszaküldeni a cipőt
hu returns Hogyan működik a termékcsere?
hu coupon A kuponkód nem működik
hu coupon Van kedvezmény új vásárlóknak?
hu payment Lehet utánvéttel fizetni?
hu payment Elfogadnak bankkártyát?
hu size_stock Van ez a pulóver M méretben?
hu size_stock A fekete raktáron van?
hu shipping_time Mennyi idő a szállítás Debrecenbe?
hu shipping_time Hány napon belül érkezik?
hu order_status Hol van a rendelésem?
hu order_status A csomagom még mindig nem érkezett meg
hu order_status Megkaphatnám a nyomkövetési számot?
hu shipping Szállítanak Ausztriába is?
hu shipping Mennyibe kerül a futár?
hu thanks Nagyon köszönöm a segítséget
hu thanks köszi
hu greeting Jó napot
hu greeting Szia
hu none Mi az élet értelme?
hu none A macskám alszik
hu none Szeretem a kék színt
hu shipping Mikor küldik el a rendelésemet?
hu order_status Mikor érkezik meg a rendelésem?
hu shipping_time Mennyi ideig tart a szállítás?
hu order_status Mikor adják fel a csomagot?
hu none mondj egy viccet
hu none ki vagy te?
hu none milyen idő lesz holnap?
hu none imádom a kutyámat
hu none kéksajt
# sk
sk human Chcem hovoriť so živým človekom
sk human Môžete ma spojiť s operátorom?
sk cancel Chcem zrušiť objednávku
sk cancel Ako urobím storno nákupu?
sk change_address Zadal som zlú doručovaciu adresu
sk change_address Môžete zmeniť adresu pri objednávke?
sk damaged Hrnček prišiel rozbitý
sk damaged Krabica bola stlačená a tovar poškodený
sk damaged Na displeji je prasklina
sk payment_failed Platba mi neprešla
sk payment_failed Moja karta bola zamietnutá
sk refunds Kedy dostanem vrátenie peňazí?
sk refunds Chcem svoje peniaze späť
sk returns Chcem vrátiť topánky
sk returns Ako funguje výmena tovaru?
sk coupon Zľavový kód nefunguje
sk coupon Máte kupón pre nových zákazníkov?
sk payment Môžem zaplatiť na dobierku?
sk payment Beriete platbu kartou?
sk size_stock Máte túto mikinu vo veľkosti M?
sk size_stock Je čierna varianta skladom?
sk shipping_time Ako dlho trvá doručenie do Košíc?
sk shipping_time Koľko dní sa čaká?
sk order_status Kde je moja objednávka?
sk order_status Balík stále nedorazil
sk order_status Môžete mi poslať číslo na sledovanie zásielky?
sk shipping Posielate aj do Česka?
sk shipping Koľko stojí doprava?
sk thanks Veľmi pekne ďakujem za pomoc
sk thanks vďaka
sk greeting Dobrý deň
sk greeting Ahoj
sk none Aký je zmysel života?
sk none Moja mačka spí
sk none Mám rád modrú farbu
sk shipping Kedy odošlete moju objednávku?
sk order_status Kedy dorazí moja objednávka?
sk shipping_time Ako dlho trvá doprava?
sk shipping Kedy bude objednávka odoslaná?
sk none povedz mi vtip
sk none kto si?
sk none aké bude zajtra počasie?
sk none milujem svojho psa
sk none plesňový syr
"""


def sanity_cases():
    cases = []
    for line in SANITY.strip("\n").split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        lang, intent, text = line.split(" ", 2)
        cases.append((lang, intent, text))
    return cases


def main():
    selftest()
    english = None
    verbose = "-v" in sys.argv[1:]
    table, errors, warnings = load(TSV)
    if "--english" in sys.argv[1:]:
        english = english_rules(FAQ_RS)
    for w in warnings if "-w" in sys.argv[1:] else []:
        print("warning:", w)
    if warnings and "-w" not in sys.argv[1:]:
        print(f"{len(warnings)} warning(s) (three-letter wildcard stems, one-character "
              "keywords); -w lists them")
    counts = {lang: sum(len(v) for v in table[lang].values()) for lang in LANGS}
    print(f"{sum(counts.values())} keywords: "
          + " ".join(f"{lang}={counts[lang]}" for lang in LANGS))

    cases = sanity_cases()
    bad_case = [c for c in cases if c[0] not in LANGS or (c[1] not in INTENTS and c[1] != "none")]
    for c in bad_case:
        errors.append(f"bad sanity line: {c}")
    per = {lang: [0, 0] for lang in LANGS}
    coverage = {lang: {i: 0 for i in INTENTS + ["none"]} for lang in LANGS}
    failures = []
    for lang, want, text in cases:
        if lang not in LANGS:
            continue
        got, kw = classify(table, lang, text, english)
        got = got or "none"
        coverage[lang][want] = coverage[lang].get(want, 0) + 1
        per[lang][1] += 1
        ok = got == want
        per[lang][0] += ok
        if verbose:
            print(f"{'ok  ' if ok else 'FAIL'} {lang} {want:14} {got:14} "
                  f"[{kw.text if kw else ''}] {text}")
        if not ok:
            failures.append(f"FAIL {lang}: expected {want}, got {got}"
                            f"{' (keyword ' + repr(kw.text) + ')' if kw else ''}: {text}")
    for lang in LANGS:
        thin = [i for i in INTENTS if coverage[lang][i] < 2]
        if coverage[lang]["none"] < 3:
            thin.append("none")
        if thin:
            errors.append(f"{lang}: sanity set too thin for {', '.join(thin)}")
    print("sanity accuracy per language"
          + (" (with the English RULES)" if english else "") + ":")
    total = [0, 0]
    for lang in LANGS:
        right, n = per[lang]
        total[0] += right
        total[1] += n
        pct = 100.0 * right / n if n else 0.0
        print(f"  {lang}  {right:3}/{n:<3} {pct:5.1f} %")
    pct = 100.0 * total[0] / total[1] if total[1] else 0.0
    print(f"  all {total[0]}/{total[1]} {pct:.1f} %")
    for f in failures:
        print(f)
    for e in errors:
        print("error:", e)
    if errors:
        print(f"{len(errors)} error(s)")
    if errors or failures:
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
