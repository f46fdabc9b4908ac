# crossdesk's own messages to shoppers: Romanian (ro-RO), formal register (dumneavoastră).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Romanian adjectives agree in gender, so none describes the shopper or
# $agent; verbs in the compound past (s-a alăturat, ne-ați contactat) do
# not show gender.
# Language names are the bare adjectives (engleză) that follow "limba" in
# every message: "în limba engleză", "din limba engleză", "vorbește limba
# engleză"; the fallback "dumneavoastră" reads "limba dumneavoastră".
# Plurals: one (1), few (0, 2–19, …), other (20 and more: "20 de minute").

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] engleză
        [zh] chineză
        [es] spaniolă
        [de] germană
        [fr] franceză
        [ja] japoneză
        [pt] portugheză
        [it] italiană
        [nl] neerlandeză
        [ru] rusă
        [ko] coreeană
        [ar] arabă
        [cs] cehă
        [da] daneză
        [el] greacă
        [fa] persană
        [fi] finlandeză
        [he] ebraică
        [hi] hindi
        [hu] maghiară
        [id] indoneziană
        [ms] malaeză
        [nb] norvegiană
        [pl] poloneză
        [ro] română
        [sk] slovacă
        [sv] suedeză
        [th] thailandeză
        [tr] turcă
        [uk] ucraineană
        [vi] vietnameză
       *[other] dumneavoastră
    }

greeting = Bună ziua! Discutați cu serviciul nostru de asistență pentru clienți. Ne puteți scrie în limba dumneavoastră, iar noi vă vom răspunde în aceeași limbă.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = De acum înainte vă vom răspunde în limba { $language }.

machine-translation-note = Acest răspuns a fost tradus automat din limba { $language }.

no-translation-fallback = Nu am putut traduce automat mesajul dumneavoastră. Un membru al echipei noastre care vorbește limba { $language } vă va răspunde aici.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Un membru al echipei noastre a scris acest mesaj în limba { $language }. Nu am reușit să îl traducem automat.

handoff-requested = Vă transferăm conversația către un membru al echipei noastre. { $position ->
        [1] Urmați la rând.
       *[other] Sunteți pe locul { $position } în coada de așteptare.
    }

bot-unavailable = Asistentul nostru nu este disponibil momentan. Mesajul trimis de dumneavoastră la ora { $time } a fost salvat, iar un membru al echipei noastre vă va răspunde aici.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = Un membru al echipei noastre va prelua această conversație în scurt timp.

queued-until = Echipa noastră va fi din nou disponibilă începând cu { $opens } (ora dumneavoastră locală). Vă vom răspunde aici imediat ce un membru al echipei va fi disponibil.

queued-no-opening = Echipa noastră nu este disponibilă momentan. Vă vom răspunde aici imediat ce un membru al echipei va fi disponibil.

wait-estimate = Timp de așteptare estimat: { $min }–{ $max } { $max ->
        [one] minut
        [few] minute
       *[other] de minute
    }.

wait-unknown = Încă nu putem estima timpul de așteptare.

handoff-soothing = Ne pare rău pentru această situație. Un membru al echipei noastre se va ocupa de ea cu prioritate.

agent-joined = { $agent } din echipa noastră s-a alăturat conversației.

message-to-agent = Mesajul dumneavoastră a fost transmis către { $agent }.

conversation-closed = Această conversație a fost închisă. Vă mulțumim că ne-ați contactat.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Cum ați evalua această conversație, de la 1 (slabă) la 5 (excelentă)?
rating-thanks = Vă mulțumim pentru evaluare.
