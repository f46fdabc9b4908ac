# crossdesk's own messages to shoppers: French (fr-FR), formal register (vous).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] anglais
        [zh] chinois
        [es] espagnol
        [de] allemand
        [fr] français
        [ja] japonais
        [pt] portugais
        [it] italien
        [nl] néerlandais
        [ru] russe
        [ko] coréen
        [ar] arabe
        [cs] tchèque
        [da] danois
        [el] grec
        [fa] persan
        [fi] finnois
        [he] hébreu
        [hi] hindi
        [hu] hongrois
        [id] indonésien
        [ms] malais
        [nb] norvégien
        [pl] polonais
        [ro] roumain
        [sk] slovaque
        [sv] suédois
        [th] thaï
        [tr] turc
        [uk] ukrainien
        [vi] vietnamien
       *[other] votre langue
    }

greeting = Bonjour ! Vous êtes en contact avec notre service client. Écrivez-nous dans votre propre langue : nous vous répondrons dans cette même langue.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = Désormais, nous vous répondrons en { $language }.

machine-translation-note = Cette réponse a été traduite automatiquement (langue d'origine : { $language }).

no-translation-fallback = Nous n'avons pas pu traduire automatiquement votre message. Un membre de notre équipe parlant { $language } vous répondra ici.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Un membre de notre équipe a rédigé ce message en { $language }. Nous n'avons pas pu le traduire automatiquement.

handoff-requested = Nous transmettons votre conversation à un membre de notre équipe. { $position ->
        [1] Vous êtes en première position dans la file d'attente.
       *[other] Vous êtes en position { $position } dans la file d'attente.
    }

bot-unavailable = Notre assistant n'est pas disponible pour le moment. Votre message envoyé à { $time } a bien été enregistré, et un membre de notre équipe vous répondra ici.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = Un membre de notre équipe va prendre le relais de cette conversation dans quelques instants.

queued-until = Notre équipe sera de nouveau disponible à partir du { $opens } (votre heure locale). Nous vous répondrons ici dès qu'un membre de l'équipe sera disponible.

queued-no-opening = Notre équipe n'est pas disponible pour le moment. Nous vous répondrons ici dès qu'un membre de l'équipe sera disponible.

wait-estimate = Temps d'attente estimé : { $min }–{ $max } { $max ->
        [one] minute
        [many] minutes
       *[other] minutes
    }.

wait-unknown = Nous ne pouvons pas encore estimer le temps d'attente.

handoff-soothing = Nous sommes désolés pour ce désagrément. Un membre de notre équipe va s'en occuper en priorité.

agent-joined = { $agent }, de notre équipe, a rejoint la conversation.

message-to-agent = Votre message a été transmis à { $agent }.

conversation-closed = Cette conversation est terminée. Merci de nous avoir contactés.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Comment évalueriez-vous cette conversation, de 1 (mauvaise) à 5 (excellente) ?
rating-thanks = Merci pour votre évaluation.
