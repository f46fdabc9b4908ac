# crossdesk's own messages to shoppers: Swedish (sv-SE), polite register (du, the norm in Swedish customer service; ni reads as distant).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Plurals: one, other.

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] engelska
        [zh] kinesiska
        [es] spanska
        [de] tyska
        [fr] franska
        [ja] japanska
        [pt] portugisiska
        [it] italienska
        [nl] nederländska
        [ru] ryska
        [ko] koreanska
        [ar] arabiska
        [cs] tjeckiska
        [da] danska
        [el] grekiska
        [fa] persiska
        [fi] finska
        [he] hebreiska
        [hi] hindi
        [hu] ungerska
        [id] indonesiska
        [ms] malajiska
        [nb] norska
        [pl] polska
        [ro] rumänska
        [sk] slovakiska
        [sv] svenska
        [th] thailändska
        [tr] turkiska
        [uk] ukrainska
        [vi] vietnamesiska
       *[other] ditt språk
    }

greeting = Hej! Du chattar med vår kundtjänst. Skriv gärna på ditt eget språk, så svarar vi dig på samma språk.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = Från och med nu svarar vi dig på { $language }.

machine-translation-note = Det här svaret har översatts automatiskt från { $language }.

no-translation-fallback = Vi kunde inte översätta ditt meddelande automatiskt. En medarbetare i vårt team som talar { $language } svarar dig här.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = En medarbetare i vårt team har skrivit det här på { $language }. Vi kunde inte översätta det automatiskt.

handoff-requested = Vi för över din konversation till en medarbetare i vårt team. { $position ->
        [1] Du står näst på tur.
       *[other] Du har plats { $position } i kön.
    }

bot-unavailable = Vår assistent är inte tillgänglig just nu. Ditt meddelande från kl. { $time } har sparats, och en medarbetare i vårt team svarar dig här.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = En medarbetare i vårt team tar strax över konversationen.

queued-until = Vårt team är tillgängligt igen från { $opens } (din lokala tid). Vi svarar dig här så snart någon är ledig.

queued-no-opening = Vårt team är inte tillgängligt just nu. Vi svarar dig här så snart någon är ledig.

wait-estimate = Beräknad väntetid: { $min }–{ $max } { $max ->
        [one] minut
       *[other] minuter
    }.

wait-unknown = Vi kan inte uppskatta väntetiden ännu.

handoff-soothing = Vi ber om ursäkt för detta. En medarbetare i vårt team tar hand om det med förtur.

agent-joined = { $agent } från vårt team har anslutit till konversationen.

message-to-agent = Ditt meddelande har skickats vidare till { $agent }.

conversation-closed = Den här konversationen har avslutats. Tack för att du kontaktade oss.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Hur skulle du betygsätta den här konversationen, från 1 (dålig) till 5 (utmärkt)?
rating-thanks = Tack för ditt betyg.
