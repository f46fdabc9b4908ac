# crossdesk's own messages to shoppers: Hungarian (hu-HU), formal register (Ön).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Hungarian has no grammatical gender. Case suffixes follow vowel harmony, so
# none that varies is attached to a placeable: language names are adjectives
# (angol), always followed by "nyelven" or "nyelvről" in the messages, and the
# fallback "az Ön által használt" fits the same slot; $agent is followed by
# "részére", and $time by the invariant "-kor".
# Plurals: nouns after numbers stay singular (5 perc), so no plural selector.

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] angol
        [zh] kínai
        [es] spanyol
        [de] német
        [fr] francia
        [ja] japán
        [pt] portugál
        [it] olasz
        [nl] holland
        [ru] orosz
        [ko] koreai
        [ar] arab
        [cs] cseh
        [da] dán
        [el] görög
        [fa] perzsa
        [fi] finn
        [he] héber
        [hi] hindi
        [hu] magyar
        [id] indonéz
        [ms] maláj
        [nb] norvég
        [pl] lengyel
        [ro] román
        [sk] szlovák
        [sv] svéd
        [th] thai
        [tr] török
        [uk] ukrán
        [vi] vietnámi
       *[other] az Ön által használt
    }

greeting = Üdvözöljük! Ön most az ügyfélszolgálatunkkal beszélget. Írjon nekünk nyugodtan a saját nyelvén, és ugyanazon a nyelven válaszolunk Önnek.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = Mostantól { $language } nyelven válaszolunk Önnek.

machine-translation-note = Ezt a választ automatikusan fordítottuk le { $language } nyelvről.

no-translation-fallback = Üzenetét nem tudtuk automatikusan lefordítani. Csapatunk egyik tagja, aki { $language } nyelven beszél, itt fog válaszolni Önnek.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Ezt az üzenetet csapatunk egyik tagja írta { $language } nyelven. Nem tudtuk automatikusan lefordítani.

handoff-requested = Beszélgetését átadjuk csapatunk egyik tagjának. { $position ->
        [1] Ön következik a sorban.
       *[other] Az Ön helye a sorban: { $position }.
    }

bot-unavailable = Asszisztensünk jelenleg nem elérhető. Üzenetét, amelyet { $time }-kor küldött, elmentettük, és csapatunk egyik tagja itt fog válaszolni Önnek.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = Csapatunk egyik tagja hamarosan átveszi ezt a beszélgetést.

queued-until = Csapatunk a következő időponttól lesz ismét elérhető: { $opens } (az Ön helyi ideje szerint). Itt válaszolunk Önnek, amint valaki elérhetővé válik.

queued-no-opening = Csapatunk jelenleg nem elérhető. Itt válaszolunk Önnek, amint valaki elérhetővé válik.

wait-estimate = Becsült várakozási idő: { $min }–{ $max } perc.

wait-unknown = A várakozási időt egyelőre nem tudjuk megbecsülni.

handoff-soothing = Sajnáljuk a kellemetlenséget. Csapatunk egyik tagja kiemelten foglalkozik az ügyével.

agent-joined = Csapatunkból { $agent } csatlakozott a beszélgetéshez.

message-to-agent = Üzenetét továbbítottuk { $agent } részére.

conversation-closed = Ez a beszélgetés lezárult. Köszönjük, hogy felvette velünk a kapcsolatot.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Hogyan értékelné ezt a beszélgetést 1-től (gyenge) 5-ig (kiváló)?
rating-thanks = Köszönjük az értékelését.
