# crossdesk's own messages to shoppers: Norwegian Bokmål (nb-NO), polite register (du, the norm in Norwegian customer service; De reads as archaic).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Plurals: one, other.

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] engelsk
        [zh] kinesisk
        [es] spansk
        [de] tysk
        [fr] fransk
        [ja] japansk
        [pt] portugisisk
        [it] italiensk
        [nl] nederlandsk
        [ru] russisk
        [ko] koreansk
        [ar] arabisk
        [cs] tsjekkisk
        [da] dansk
        [el] gresk
        [fa] persisk
        [fi] finsk
        [he] hebraisk
        [hi] hindi
        [hu] ungarsk
        [id] indonesisk
        [ms] malayisk
        [nb] norsk
        [pl] polsk
        [ro] rumensk
        [sk] slovakisk
        [sv] svensk
        [th] thai
        [tr] tyrkisk
        [uk] ukrainsk
        [vi] vietnamesisk
       *[other] ditt språk
    }

greeting = Hei! Du chatter med kundeservicen vår. Skriv gjerne på ditt eget språk, så svarer vi deg på samme språk.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = Fra nå av svarer vi deg på { $language }.

machine-translation-note = Dette svaret er automatisk oversatt fra { $language }.

no-translation-fallback = Vi kunne ikke oversette meldingen din automatisk. En medarbeider i teamet vårt som snakker { $language }, svarer deg her.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = En medarbeider i teamet vårt har skrevet dette på { $language }. Vi kunne ikke oversette det automatisk.

handoff-requested = Vi sender samtalen din videre til en medarbeider i teamet vårt. { $position ->
        [1] Du er neste i køen.
       *[other] Du er nummer { $position } i køen.
    }

bot-unavailable = Assistenten vår er ikke tilgjengelig akkurat nå. Meldingen din fra kl. { $time } er lagret, og en medarbeider i teamet vårt svarer deg her.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = En medarbeider i teamet vårt overtar samtalen om litt.

queued-until = Teamet vårt er tilgjengelig igjen fra { $opens } (din lokale tid). Vi svarer deg her så snart noen er ledig.

queued-no-opening = Teamet vårt er ikke tilgjengelig for øyeblikket. Vi svarer deg her så snart noen er ledig.

wait-estimate = Anslått ventetid: { $min }–{ $max } { $max ->
        [one] minutt
       *[other] minutter
    }.

wait-unknown = Vi kan ikke anslå ventetiden ennå.

handoff-soothing = Det beklager vi. En medarbeider i teamet vårt tar seg av dette med høy prioritet.

agent-joined = { $agent } fra teamet vårt har blitt med i samtalen.

message-to-agent = Meldingen din er sendt videre til { $agent }.

conversation-closed = Denne samtalen er avsluttet. Takk for at du kontaktet oss.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Hvordan vil du vurdere denne samtalen, fra 1 (dårlig) til 5 (utmerket)?
rating-thanks = Takk for vurderingen din.
