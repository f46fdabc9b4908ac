# crossdesk's own messages to shoppers: Dutch (nl-NL), formal register (u).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Language names are capitalised nouns (Engels); the messages write "in het
# Engels", "die Engels spreekt", "oorspronkelijke taal: Engels".
# Plurals: one, other.

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] Engels
        [zh] Chinees
        [es] Spaans
        [de] Duits
        [fr] Frans
        [ja] Japans
        [pt] Portugees
        [it] Italiaans
        [nl] Nederlands
        [ru] Russisch
        [ko] Koreaans
        [ar] Arabisch
        [cs] Tsjechisch
        [da] Deens
        [el] Grieks
        [fa] Perzisch
        [fi] Fins
        [he] Hebreeuws
        [hi] Hindi
        [hu] Hongaars
        [id] Indonesisch
        [ms] Maleis
        [nb] Noors
        [pl] Pools
        [ro] Roemeens
        [sk] Slowaaks
        [sv] Zweeds
        [th] Thai
        [tr] Turks
        [uk] Oekraïens
        [vi] Vietnamees
       *[other] uw taal
    }

greeting = Hallo! U chat met onze klantenservice. Schrijf ons gerust in uw eigen taal, dan antwoorden we u in dezelfde taal.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = Vanaf nu antwoorden we u in het { $language }.

machine-translation-note = Dit antwoord is automatisch vertaald (oorspronkelijke taal: { $language }).

no-translation-fallback = We konden uw bericht niet automatisch vertalen. Een medewerker van ons team die { $language } spreekt, antwoordt u hier.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Een medewerker van ons team heeft dit bericht in het { $language } geschreven. We konden het niet automatisch vertalen.

handoff-requested = We dragen uw gesprek over aan een medewerker van ons team. { $position ->
        [1] U bent als volgende aan de beurt.
       *[other] U bent nummer { $position } in de wachtrij.
    }

bot-unavailable = Onze assistent is op dit moment niet beschikbaar. Uw bericht van { $time } is opgeslagen en een medewerker van ons team antwoordt u hier.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = Een medewerker van ons team neemt dit gesprek zo dadelijk over.

queued-until = Ons team is weer bereikbaar vanaf { $opens } (uw lokale tijd). We antwoorden u hier zodra er iemand beschikbaar is.

queued-no-opening = Ons team is op dit moment niet bereikbaar. We antwoorden u hier zodra er iemand beschikbaar is.

wait-estimate = Geschatte wachttijd: { $min }–{ $max } { $max ->
        [one] minuut
       *[other] minuten
    }.

wait-unknown = We kunnen de wachttijd nog niet inschatten.

handoff-soothing = Het spijt ons dat dit is gebeurd. Een medewerker van ons team pakt dit met voorrang op.

agent-joined = { $agent } van ons team neemt nu deel aan het gesprek.

message-to-agent = Uw bericht is doorgestuurd naar { $agent }.

conversation-closed = Dit gesprek is afgesloten. Hartelijk dank dat u contact met ons hebt opgenomen.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Hoe beoordeelt u dit gesprek, van 1 (slecht) tot 5 (uitstekend)?
rating-thanks = Bedankt voor uw beoordeling.
