# crossdesk's own messages to shoppers: Korean (ko-KR), polite register (합쇼체, 고객님).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Every language name (and the fallback 고객님의 언어) ends in 어, a vowel, so the
# particles written after { $language } (에서, 에, 로) fit them all.

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] 영어
        [zh] 중국어
        [es] 스페인어
        [de] 독일어
        [fr] 프랑스어
        [ja] 일본어
        [pt] 포르투갈어
        [it] 이탈리아어
        [nl] 네덜란드어
        [ru] 러시아어
        [ko] 한국어
        [ar] 아랍어
        [cs] 체코어
        [da] 덴마크어
        [el] 그리스어
        [fa] 페르시아어
        [fi] 핀란드어
        [he] 히브리어
        [hi] 힌디어
        [hu] 헝가리어
        [id] 인도네시아어
        [ms] 말레이어
        [nb] 노르웨이어
        [pl] 폴란드어
        [ro] 루마니아어
        [sk] 슬로바키아어
        [sv] 스웨덴어
        [th] 태국어
        [tr] 튀르키예어
        [uk] 우크라이나어
        [vi] 베트남어
       *[other] 고객님의 언어
    }

greeting = 안녕하세요! 지금 저희 고객센터와 채팅하고 계십니다. 고객님의 언어로 편하게 작성해 주시면 같은 언어로 답변해 드리겠습니다.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = 지금부터 { $language }로 답변해 드리겠습니다.

machine-translation-note = 이 답변은 { $language }에서 자동 번역되었습니다.

no-translation-fallback = 죄송합니다. 고객님의 메시지를 자동으로 번역하지 못했습니다. { $language }에 능통한 상담원이 이곳에서 답변해 드리겠습니다.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = 이 메시지는 저희 상담원이 { $language }로 작성한 것입니다. 죄송하지만 자동으로 번역하지 못했습니다.

handoff-requested = 고객님의 대화를 상담원에게 연결하고 있습니다. { $position ->
        [1] 고객님이 다음 순서입니다.
       *[other] 현재 대기 순서는 { $position }번째입니다.
    }

bot-unavailable = 현재 자동 상담 도우미를 이용하실 수 없습니다. { $time }에 보내신 메시지는 저장되었으며, 상담원이 이곳에서 답변해 드리겠습니다.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = 잠시 후 상담원이 이 대화를 이어받아 도와드리겠습니다.

queued-until = 저희 팀은 { $opens }(고객님 현지 시간 기준)부터 다시 상담해 드립니다. 상담원이 연결되는 대로 이곳에서 답변해 드리겠습니다.

queued-no-opening = 지금은 상담 가능한 상담원이 없습니다. 상담원이 연결되는 대로 이곳에서 답변해 드리겠습니다.

wait-estimate = 예상 대기 시간은 { $min }~{ $max }분입니다.

wait-unknown = 아직 예상 대기 시간을 알려 드릴 수 없습니다.

handoff-soothing = 불편을 드려 죄송합니다. 상담원이 우선적으로 처리해 드리겠습니다.

agent-joined = 저희 팀의 { $agent } 상담원이 대화에 참여했습니다.

message-to-agent = 고객님의 메시지가 { $agent } 상담원에게 전달되었습니다.

conversation-closed = 이 대화는 종료되었습니다. 문의해 주셔서 감사합니다.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = 이번 상담을 1(불만족)부터 5(매우 만족)까지 평가해 주세요.
rating-thanks = 평가해 주셔서 감사합니다.
