# crossdesk's own messages to shoppers: Turkish (tr-TR), formal register (siz).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Turkish has no grammatical gender. Suffixes follow vowel harmony, so no
# suffix is attached to a placeable: language names are used bare ("İngilizce
# yanıt", "İngilizce bilen", "orijinal dil: İngilizce"), and $agent, $time and
# $opens are followed by words, not suffixes.
# Plurals: nouns after numbers stay singular (5 dakika), so no plural selector.

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] İngilizce
        [zh] Çince
        [es] İspanyolca
        [de] Almanca
        [fr] Fransızca
        [ja] Japonca
        [pt] Portekizce
        [it] İtalyanca
        [nl] Felemenkçe
        [ru] Rusça
        [ko] Korece
        [ar] Arapça
        [cs] Çekçe
        [da] Danca
        [el] Yunanca
        [fa] Farsça
        [fi] Fince
        [he] İbranice
        [hi] Hintçe
        [hu] Macarca
        [id] Endonezce
        [ms] Malayca
        [nb] Norveççe
        [pl] Lehçe
        [ro] Rumence
        [sk] Slovakça
        [sv] İsveççe
        [th] Tayca
        [tr] Türkçe
        [uk] Ukraynaca
        [vi] Vietnamca
       *[other] sizin diliniz
    }

greeting = Merhaba! Müşteri hizmetlerimizle görüşüyorsunuz. Bize kendi dilinizde yazabilirsiniz; size aynı dilde yanıt vereceğiz.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = Bundan sonra size { $language } yanıt vereceğiz.

machine-translation-note = Bu yanıt otomatik olarak çevrilmiştir (orijinal dil: { $language }).

no-translation-fallback = Mesajınızı otomatik olarak çeviremedik. Ekibimizden { $language } bilen bir temsilci size buradan yanıt verecek.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Bu mesaj, ekibimizden bir temsilci tarafından { $language } yazıldı. Mesajı otomatik olarak çeviremedik.

handoff-requested = Görüşmenizi ekibimizden bir temsilciye aktarıyoruz. { $position ->
        [1] Sıradaki kişi sizsiniz.
       *[other] Sıra numaranız: { $position }.
    }

bot-unavailable = Asistanımız şu anda hizmet veremiyor. Mesajınız (gönderim saati: { $time }) kaydedildi ve ekibimizden bir temsilci size buradan yanıt verecek.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = Ekibimizden bir temsilci kısa süre içinde bu görüşmeyi devralacak.

queued-until = Ekibimiz { $opens } itibarıyla (yerel saatinizle) yeniden hizmetinizde olacak. Bir temsilci müsait olur olmaz size buradan yanıt vereceğiz.

queued-no-opening = Ekibimiz şu anda müsait değil. Bir temsilci müsait olur olmaz size buradan yanıt vereceğiz.

wait-estimate = Tahmini bekleme süresi: { $min }–{ $max } dakika.

wait-unknown = Bekleme süresini henüz tahmin edemiyoruz.

handoff-soothing = Yaşadığınız durum için özür dileriz. Ekibimizden bir temsilci bu konuyla öncelikli olarak ilgilenecek.

agent-joined = Ekibimizden { $agent } görüşmeye katıldı.

message-to-agent = Mesajınız, { $agent } adlı temsilcimize iletildi.

conversation-closed = Bu görüşme sonlandırıldı. Bizimle iletişime geçtiğiniz için teşekkür ederiz.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Bu görüşmeyi 1 (kötü) ile 5 (mükemmel) arasında nasıl değerlendirirsiniz?
rating-thanks = Değerlendirmeniz için teşekkür ederiz.
