# crossdesk's own messages to shoppers: Malay (ms-MY), formal register (anda).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Malay has no grammatical gender. Language names include "bahasa" (bahasa
# Inggeris) and follow "dalam" or "daripada" in the messages.
# Plurals: Malay has only the "other" category, so no plural selector;
# handoff-requested keeps the exact [1] variant.

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] bahasa Inggeris
        [zh] bahasa Cina
        [es] bahasa Sepanyol
        [de] bahasa Jerman
        [fr] bahasa Perancis
        [ja] bahasa Jepun
        [pt] bahasa Portugis
        [it] bahasa Itali
        [nl] bahasa Belanda
        [ru] bahasa Rusia
        [ko] bahasa Korea
        [ar] bahasa Arab
        [cs] bahasa Czech
        [da] bahasa Denmark
        [el] bahasa Greek
        [fa] bahasa Parsi
        [fi] bahasa Finland
        [he] bahasa Ibrani
        [hi] bahasa Hindi
        [hu] bahasa Hungary
        [id] bahasa Indonesia
        [ms] bahasa Melayu
        [nb] bahasa Norway
        [pl] bahasa Poland
        [ro] bahasa Romania
        [sk] bahasa Slovak
        [sv] bahasa Sweden
        [th] bahasa Thai
        [tr] bahasa Turki
        [uk] bahasa Ukraine
        [vi] bahasa Vietnam
       *[other] bahasa anda
    }

greeting = Helo! Anda sedang berbual dengan khidmat pelanggan kami. Sila tulis dalam bahasa anda sendiri dan kami akan membalas dalam bahasa yang sama.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = Mulai sekarang, kami akan membalas anda dalam { $language }.

machine-translation-note = Jawapan ini telah diterjemahkan secara automatik daripada { $language }.

no-translation-fallback = Kami tidak dapat menterjemah mesej anda secara automatik. Ahli pasukan kami yang fasih dalam { $language } akan membalas anda di sini.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Mesej ini ditulis oleh ahli pasukan kami dalam { $language }. Kami tidak dapat menterjemahkannya secara automatik.

handoff-requested = Kami sedang memindahkan perbualan anda kepada ahli pasukan kami. { $position ->
        [1] Anda ialah yang seterusnya dalam giliran.
       *[other] Anda berada di tempat ke-{ $position } dalam giliran.
    }

bot-unavailable = Pembantu kami tidak tersedia buat masa ini. Mesej anda yang dihantar pada pukul { $time } telah disimpan, dan ahli pasukan kami akan membalas anda di sini.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = Ahli pasukan kami akan mengambil alih perbualan ini sebentar lagi.

queued-until = Pasukan kami akan kembali bertugas pada { $opens } (waktu tempatan anda). Kami akan membalas anda di sini sebaik sahaja ada ahli pasukan yang tersedia.

queued-no-opening = Pasukan kami tidak tersedia buat masa ini. Kami akan membalas anda di sini sebaik sahaja ada ahli pasukan yang tersedia.

wait-estimate = Anggaran masa menunggu: { $min }–{ $max } minit.

wait-unknown = Kami belum dapat menganggarkan masa menunggu.

handoff-soothing = Kami memohon maaf atas perkara ini. Ahli pasukan kami akan menanganinya sebagai keutamaan.

agent-joined = { $agent } daripada pasukan kami telah menyertai perbualan ini.

message-to-agent = Mesej anda telah dimajukan kepada { $agent }.

conversation-closed = Perbualan ini telah ditutup. Terima kasih kerana menghubungi kami.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Bagaimanakah anda menilai perbualan ini, daripada 1 (lemah) hingga 5 (cemerlang)?
rating-thanks = Terima kasih atas penilaian anda.
