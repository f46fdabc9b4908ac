# crossdesk's own messages to shoppers: Slovak (sk-SK), formal register (vykanie, capitalised Vy/Vám/Váš).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Slovak past tense agrees with the subject's gender, so no message makes the
# shopper or $agent the subject of a past-tense verb (present, future or
# passive instead).
# Language names are adverbs ("anglicky" = in English), which fit every use
# of { $language }: "odpovedať anglicky", "hovorí anglicky", "napísaná
# anglicky". The fallback is the phrase "vo Vašom jazyku".
# Plurals: one (1), few (2–4), many (decimals), other (0, 5 and more).

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] anglicky
        [zh] čínsky
        [es] španielsky
        [de] nemecky
        [fr] francúzsky
        [ja] japonsky
        [pt] portugalsky
        [it] taliansky
        [nl] holandsky
        [ru] rusky
        [ko] kórejsky
        [ar] arabsky
        [cs] česky
        [da] dánsky
        [el] grécky
        [fa] perzsky
        [fi] fínsky
        [he] hebrejsky
        [hi] hindsky
        [hu] maďarsky
        [id] indonézsky
        [ms] malajsky
        [nb] nórsky
        [pl] poľsky
        [ro] rumunsky
        [sk] slovensky
        [sv] švédsky
        [th] thajsky
        [tr] turecky
        [uk] ukrajinsky
        [vi] vietnamsky
       *[other] vo Vašom jazyku
    }

greeting = Dobrý deň, práve komunikujete s naším zákazníckym servisom. Napíšte nám vo svojom jazyku a odpovieme Vám v rovnakom jazyku.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = Odteraz Vám budeme odpovedať { $language }.

machine-translation-note = Táto odpoveď bola pôvodne napísaná { $language } a preložená automaticky.

no-translation-fallback = Vašu správu sa nám nepodarilo automaticky preložiť. Odpovie Vám tu niekto z nášho tímu, kto hovorí { $language }.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Táto správa od člena nášho tímu je napísaná { $language }. Nepodarilo sa nám ju automaticky preložiť.

handoff-requested = Odovzdávame Vašu konverzáciu členovi nášho tímu. { $position ->
        [1] Vo fronte ste na prvom mieste.
       *[other] Vaše poradie vo fronte: { $position }.
    }

bot-unavailable = Náš asistent momentálne nie je k dispozícii. Vašu správu odoslanú o { $time } sme uložili a člen nášho tímu Vám tu odpovie.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = Túto konverzáciu o chvíľu prevezme člen nášho tímu.

queued-until = Náš tím bude opäť k dispozícii od { $opens } (Váš miestny čas). Odpovieme Vám tu, hneď ako sa niekto uvoľní.

queued-no-opening = Náš tím momentálne nie je k dispozícii. Odpovieme Vám tu, hneď ako sa niekto uvoľní.

wait-estimate = Predpokladaný čas čakania: { $min }–{ $max } { $max ->
        [one] minúta
        [few] minúty
        [many] minúty
       *[other] minút
    }.

wait-unknown = Čas čakania zatiaľ nevieme odhadnúť.

handoff-soothing = Ospravedlňujeme sa za nepríjemnosti. Člen nášho tímu sa Vašej záležitosti bude venovať prednostne.

agent-joined = Do konverzácie sa teraz zapája { $agent } z nášho tímu.

message-to-agent = Vašu správu sme odovzdali – postará sa o ňu { $agent }.

conversation-closed = Táto konverzácia bola ukončená. Ďakujeme, že využívate náš zákaznícky servis.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Ohodnoťte, prosím, túto konverzáciu na stupnici od 1 (zlá) po 5 (výborná).
rating-thanks = Ďakujeme za Vaše hodnotenie.
