# crossdesk's own messages to shoppers: Czech (cs-CZ), formal register (vykání, capitalised Vy/Vám/Váš).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Czech past tense agrees with the subject's gender, so no message makes the
# shopper or $agent the subject of a past-tense verb (present, future or
# passive instead).
# Language names are adverbs ("anglicky" = in English), which fit every use
# of { $language }: "odpovídat anglicky", "mluví anglicky", "napsána
# anglicky". The fallback is the phrase "ve Vašem jazyce".
# Plurals: one (1), few (2–4), many (decimals), other (0, 5 and more).

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] anglicky
        [zh] čínsky
        [es] španělsky
        [de] německy
        [fr] francouzsky
        [ja] japonsky
        [pt] portugalsky
        [it] italsky
        [nl] nizozemsky
        [ru] rusky
        [ko] korejsky
        [ar] arabsky
        [cs] česky
        [da] dánsky
        [el] řecky
        [fa] persky
        [fi] finsky
        [he] hebrejsky
        [hi] hindsky
        [hu] maďarsky
        [id] indonésky
        [ms] malajsky
        [nb] norsky
        [pl] polsky
        [ro] rumunsky
        [sk] slovensky
        [sv] švédsky
        [th] thajsky
        [tr] turecky
        [uk] ukrajinsky
        [vi] vietnamsky
       *[other] ve Vašem jazyce
    }

greeting = Dobrý den, právě komunikujete s naší zákaznickou podporou. Napište nám ve svém jazyce a my Vám odpovíme ve stejném jazyce.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = Od této chvíle Vám budeme odpovídat { $language }.

machine-translation-note = Tato odpověď byla původně napsána { $language } a přeložena automaticky.

no-translation-fallback = Vaši zprávu se nám nepodařilo automaticky přeložit. Odpoví Vám zde někdo z našeho týmu, kdo mluví { $language }.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Tato zpráva od člena našeho týmu je napsána { $language }. Nepodařilo se nám ji automaticky přeložit.

handoff-requested = Předáváme Vaši konverzaci členovi našeho týmu. { $position ->
        [1] Jste na řadě jako další.
       *[other] Vaše pořadí ve frontě: { $position }.
    }

bot-unavailable = Náš asistent momentálně není k dispozici. Vaši zprávu odeslanou v { $time } jsme uložili a člen našeho týmu Vám zde odpoví.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = Tuto konverzaci za okamžik převezme člen našeho týmu.

queued-until = Náš tým bude opět k dispozici od { $opens } (Váš místní čas). Odpovíme Vám zde, jakmile se někdo uvolní.

queued-no-opening = Náš tým momentálně není k dispozici. Odpovíme Vám zde, jakmile se někdo uvolní.

wait-estimate = Předpokládaná doba čekání: { $min }–{ $max } { $max ->
        [one] minuta
        [few] minuty
        [many] minuty
       *[other] minut
    }.

wait-unknown = Dobu čekání zatím nedokážeme odhadnout.

handoff-soothing = Omlouváme se za potíže. Člen našeho týmu se Vaší záležitosti bude věnovat přednostně.

agent-joined = Do konverzace se nyní zapojuje { $agent } z našeho týmu.

message-to-agent = Vaši zprávu jsme předali – postará se o ni { $agent }.

conversation-closed = Tato konverzace byla ukončena. Děkujeme, že využíváte naši zákaznickou podporu.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Ohodnoťte prosím tuto konverzaci na stupnici od 1 (špatná) do 5 (výborná).
rating-thanks = Děkujeme za Vaše hodnocení.
