# crossdesk's own messages to shoppers: Danish (da-DK), polite register (du, the norm in Danish customer service; De reads as archaic).
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
        [cs] tjekkisk
        [da] dansk
        [el] græsk
        [fa] persisk
        [fi] finsk
        [he] hebraisk
        [hi] hindi
        [hu] ungarsk
        [id] indonesisk
        [ms] malajisk
        [nb] norsk
        [pl] polsk
        [ro] rumænsk
        [sk] slovakisk
        [sv] svensk
        [th] thai
        [tr] tyrkisk
        [uk] ukrainsk
        [vi] vietnamesisk
       *[other] dit sprog
    }

greeting = Hej! Du chatter med vores kundeservice. Skriv endelig på dit eget sprog, så svarer vi dig på samme sprog.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = Fra nu af svarer vi dig på { $language }.

machine-translation-note = Dette svar er oversat automatisk fra { $language }.

no-translation-fallback = Vi kunne ikke oversætte din besked automatisk. En medarbejder fra vores team, der taler { $language }, svarer dig her.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = En medarbejder fra vores team har skrevet dette på { $language }. Vi kunne ikke oversætte det automatisk.

handoff-requested = Vi sender din samtale videre til en medarbejder fra vores team. { $position ->
        [1] Du er den næste i køen.
       *[other] Du er nummer { $position } i køen.
    }

bot-unavailable = Vores assistent er ikke tilgængelig lige nu. Din besked fra kl. { $time } er gemt, og en medarbejder fra vores team svarer dig her.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = En medarbejder fra vores team overtager samtalen om lidt.

queued-until = Vores team er tilgængeligt igen fra { $opens } (din lokale tid). Vi svarer dig her, så snart en medarbejder er ledig.

queued-no-opening = Vores team er ikke tilgængeligt i øjeblikket. Vi svarer dig her, så snart en medarbejder er ledig.

wait-estimate = Forventet ventetid: { $min }–{ $max } { $max ->
        [one] minut
       *[other] minutter
    }.

wait-unknown = Vi kan endnu ikke vurdere ventetiden.

handoff-soothing = Det er vi kede af. En medarbejder fra vores team tager sig af det med høj prioritet.

agent-joined = { $agent } fra vores team er kommet med i samtalen.

message-to-agent = Din besked er sendt videre til { $agent }.

conversation-closed = Denne samtale er afsluttet. Tak for din henvendelse.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Hvordan vil du vurdere denne samtale på en skala fra 1 (dårlig) til 5 (fremragende)?
rating-thanks = Tak for din vurdering.
