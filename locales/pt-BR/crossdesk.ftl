# crossdesk's own messages to shoppers: Brazilian Portuguese (pt-BR), polite register (você).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] inglês
        [zh] chinês
        [es] espanhol
        [de] alemão
        [fr] francês
        [ja] japonês
        [pt] português
        [it] italiano
        [nl] holandês
        [ru] russo
        [ko] coreano
        [ar] árabe
        [cs] tcheco
        [da] dinamarquês
        [el] grego
        [fa] persa
        [fi] finlandês
        [he] hebraico
        [hi] hindi
        [hu] húngaro
        [id] indonésio
        [ms] malaio
        [nb] norueguês
        [pl] polonês
        [ro] romeno
        [sk] eslovaco
        [sv] sueco
        [th] tailandês
        [tr] turco
        [uk] ucraniano
        [vi] vietnamita
       *[other] seu idioma
    }

greeting = Olá! Você está conversando com o nosso atendimento ao cliente. Escreva no seu próprio idioma e responderemos no mesmo idioma.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = A partir de agora, vamos responder você em { $language }.

machine-translation-note = Esta resposta foi traduzida automaticamente (idioma original: { $language }).

no-translation-fallback = Não conseguimos traduzir sua mensagem automaticamente. Um membro da nossa equipe que fala { $language } responderá você por aqui.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Um membro da nossa equipe escreveu esta mensagem em { $language }. Não conseguimos traduzi-la automaticamente.

handoff-requested = Estamos transferindo sua conversa para um membro da nossa equipe. { $position ->
        [1] O próximo atendimento é o seu.
       *[other] Você está na posição { $position } da fila.
    }

bot-unavailable = Nosso assistente não está disponível no momento. Sua mensagem enviada às { $time } foi salva, e um membro da nossa equipe responderá você por aqui.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = Um membro da nossa equipe assumirá esta conversa em instantes.

queued-until = Nossa equipe volta a atender em { $opens } (no seu horário local). Responderemos por aqui assim que alguém estiver disponível.

queued-no-opening = Nossa equipe não está disponível no momento. Responderemos por aqui assim que alguém estiver disponível.

wait-estimate = Tempo de espera estimado: { $min }–{ $max } { $max ->
        [one] minuto
       *[other] minutos
    }.

wait-unknown = Ainda não conseguimos estimar o tempo de espera.

handoff-soothing = Pedimos desculpas pelo ocorrido. Um membro da nossa equipe cuidará disso com prioridade.

agent-joined = { $agent }, da nossa equipe, entrou na conversa.

message-to-agent = Sua mensagem foi encaminhada para { $agent }.

conversation-closed = Esta conversa foi encerrada. Agradecemos o seu contato.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Como você avalia esta conversa, de 1 (ruim) a 5 (excelente)?
rating-thanks = Obrigado pela sua avaliação.
