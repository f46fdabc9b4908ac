# crossdesk's own messages to shoppers: Indonesian (id-ID), formal register (Anda).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Indonesian has no grammatical gender. Language names include "bahasa"
# (bahasa Inggris) and follow "dalam", "dari" or "menguasai" in the messages.
# Plurals: Indonesian has only the "other" category, so no plural selector;
# handoff-requested keeps the exact [1] variant.

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] bahasa Inggris
        [zh] bahasa Mandarin
        [es] bahasa Spanyol
        [de] bahasa Jerman
        [fr] bahasa Prancis
        [ja] bahasa Jepang
        [pt] bahasa Portugis
        [it] bahasa Italia
        [nl] bahasa Belanda
        [ru] bahasa Rusia
        [ko] bahasa Korea
        [ar] bahasa Arab
        [cs] bahasa Ceko
        [da] bahasa Denmark
        [el] bahasa Yunani
        [fa] bahasa Persia
        [fi] bahasa Finlandia
        [he] bahasa Ibrani
        [hi] bahasa Hindi
        [hu] bahasa Hungaria
        [id] bahasa Indonesia
        [ms] bahasa Melayu
        [nb] bahasa Norwegia
        [pl] bahasa Polandia
        [ro] bahasa Rumania
        [sk] bahasa Slovakia
        [sv] bahasa Swedia
        [th] bahasa Thai
        [tr] bahasa Turki
        [uk] bahasa Ukraina
        [vi] bahasa Vietnam
       *[other] bahasa Anda
    }

greeting = Halo! Anda sedang terhubung dengan layanan pelanggan kami. Silakan menulis dalam bahasa Anda sendiri, dan kami akan membalas dalam bahasa yang sama.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = Mulai sekarang, kami akan membalas Anda dalam { $language }.

machine-translation-note = Jawaban ini diterjemahkan secara otomatis dari { $language }.

no-translation-fallback = Kami tidak dapat menerjemahkan pesan Anda secara otomatis. Anggota tim kami yang menguasai { $language } akan membalas Anda di sini.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Pesan ini ditulis oleh anggota tim kami dalam { $language }. Kami tidak dapat menerjemahkannya secara otomatis.

handoff-requested = Kami sedang meneruskan percakapan Anda ke anggota tim kami. { $position ->
        [1] Anda berada di urutan berikutnya.
       *[other] Anda berada di urutan ke-{ $position } dalam antrean.
    }

bot-unavailable = Asisten kami sedang tidak tersedia. Pesan Anda yang dikirim pukul { $time } telah disimpan, dan anggota tim kami akan membalas Anda di sini.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = Anggota tim kami akan segera melanjutkan percakapan ini.

queued-until = Tim kami akan kembali melayani pada { $opens } (waktu setempat Anda). Kami akan membalas Anda di sini segera setelah ada anggota tim yang tersedia.

queued-no-opening = Tim kami sedang tidak tersedia saat ini. Kami akan membalas Anda di sini segera setelah ada anggota tim yang tersedia.

wait-estimate = Perkiraan waktu tunggu: { $min }–{ $max } menit.

wait-unknown = Kami belum dapat memperkirakan waktu tunggu.

handoff-soothing = Kami mohon maaf atas hal ini. Anggota tim kami akan menanganinya sebagai prioritas.

agent-joined = { $agent } dari tim kami telah bergabung dalam percakapan.

message-to-agent = Pesan Anda telah diteruskan kepada { $agent }.

conversation-closed = Percakapan ini telah ditutup. Terima kasih telah menghubungi kami.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Bagaimana penilaian Anda terhadap percakapan ini, dari 1 (buruk) hingga 5 (sangat baik)?
rating-thanks = Terima kasih atas penilaian Anda.
