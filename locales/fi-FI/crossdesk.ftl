# crossdesk's own messages to shoppers: Finnish (fi-FI), polite register (sinä, the norm in Finnish customer service; teitittely reads as stiff).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Finnish has no grammatical gender. Language names are in the genitive
# (englannin) and always followed by a form of "kieli": englannin kielellä,
# englannin kielestä, englannin kieltä. The fallback "valitsemasi" fits the
# same slot ("valitsemasi kielellä").
# Plurals: one, other.

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] englannin
        [zh] kiinan
        [es] espanjan
        [de] saksan
        [fr] ranskan
        [ja] japanin
        [pt] portugalin
        [it] italian
        [nl] hollannin
        [ru] venäjän
        [ko] korean
        [ar] arabian
        [cs] tšekin
        [da] tanskan
        [el] kreikan
        [fa] persian
        [fi] suomen
        [he] heprean
        [hi] hindin
        [hu] unkarin
        [id] indonesian
        [ms] malaijin
        [nb] norjan
        [pl] puolan
        [ro] romanian
        [sk] slovakin
        [sv] ruotsin
        [th] thain
        [tr] turkin
        [uk] ukrainan
        [vi] vietnamin
       *[other] valitsemasi
    }

greeting = Hei! Olet yhteydessä asiakaspalveluumme. Kirjoita omalla kielelläsi, niin vastaamme sinulle samalla kielellä.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = Vastaamme sinulle tästä lähtien { $language } kielellä.

machine-translation-note = Tämä vastaus on käännetty automaattisesti { $language } kielestä.

no-translation-fallback = Emme pystyneet kääntämään viestiäsi automaattisesti. Tiimimme jäsen, joka puhuu { $language } kieltä, vastaa sinulle täällä.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Tiimimme jäsen on kirjoittanut tämän viestin { $language } kielellä. Emme pystyneet kääntämään sitä automaattisesti.

handoff-requested = Siirrämme keskustelusi tiimimme jäsenelle. { $position ->
        [1] Olet jonossa seuraavana.
       *[other] Olet jonossa sijalla { $position }.
    }

bot-unavailable = Avustajamme ei ole juuri nyt käytettävissä. Kello { $time } lähettämäsi viesti on tallennettu, ja tiimimme jäsen vastaa sinulle täällä.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = Tiimimme jäsen jatkaa tätä keskustelua pian.

queued-until = Tiimimme on jälleen tavoitettavissa { $opens } alkaen (paikallista aikaa). Vastaamme sinulle täällä heti, kun joku vapautuu.

queued-no-opening = Tiimimme ei ole juuri nyt tavoitettavissa. Vastaamme sinulle täällä heti, kun joku vapautuu.

wait-estimate = Arvioitu odotusaika: { $min }–{ $max } { $max ->
        [one] minuutti
       *[other] minuuttia
    }.

wait-unknown = Emme pysty vielä arvioimaan odotusaikaa.

handoff-soothing = Olemme pahoillamme. Tiimimme jäsen hoitaa asian etusijalla.

agent-joined = { $agent } tiimistämme on liittynyt keskusteluun.

message-to-agent = Viestisi on välitetty henkilölle { $agent }.

conversation-closed = Tämä keskustelu on päättynyt. Kiitos yhteydenotostasi.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Millaisen arvosanan antaisit tälle keskustelulle asteikolla 1 (huono) – 5 (erinomainen)?
rating-thanks = Kiitos arviostasi.
