# crossdesk's own messages to shoppers: Japanese (ja-JP), polite register (です/ます).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] 英語
        [zh] 中国語
        [es] スペイン語
        [de] ドイツ語
        [fr] フランス語
        [ja] 日本語
        [pt] ポルトガル語
        [it] イタリア語
        [nl] オランダ語
        [ru] ロシア語
        [ko] 韓国語
        [ar] アラビア語
        [cs] チェコ語
        [da] デンマーク語
        [el] ギリシャ語
        [fa] ペルシア語
        [fi] フィンランド語
        [he] ヘブライ語
        [hi] ヒンディー語
        [hu] ハンガリー語
        [id] インドネシア語
        [ms] マレー語
        [nb] ノルウェー語
        [pl] ポーランド語
        [ro] ルーマニア語
        [sk] スロバキア語
        [sv] スウェーデン語
        [th] タイ語
        [tr] トルコ語
        [uk] ウクライナ語
        [vi] ベトナム語
       *[other] お客様の言語
    }

greeting = こんにちは。こちらはカスタマーサービスのチャットです。お客様ご自身の言語でご入力ください。同じ言語でご返信いたします。

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = 今後は{ $language }でご返信いたします。

machine-translation-note = この回答は{ $language }から自動翻訳されたものです。

no-translation-fallback = お客様のメッセージを自動翻訳できませんでした。{ $language }に対応できる担当者が、こちらでご返信いたします。

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = このメッセージは担当者が{ $language }で作成したものです。申し訳ございませんが、自動翻訳できませんでした。

handoff-requested = 担当者におつなぎしています。{ $position ->
        [1] 次にご案内いたします。
       *[other] 現在、{ $position }番目にお待ちいただいています。
    }

bot-unavailable = 申し訳ございませんが、ただいまアシスタントをご利用いただけません。{ $time }にお送りいただいたメッセージは保存されました。担当者がこちらでご返信いたします。

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = まもなく担当者がこちらの会話を引き継ぎます。

queued-until = 担当チームは{ $opens }（お客様の現地時間）より対応を再開いたします。担当者が対応可能になり次第、こちらでご返信いたします。

queued-no-opening = 申し訳ございませんが、ただいま担当者が対応できません。担当者が対応可能になり次第、こちらでご返信いたします。

wait-estimate = 待ち時間の目安は{ $min }～{ $max }分です。

wait-unknown = 現時点では、待ち時間の目安をお伝えできません。

handoff-soothing = ご迷惑をおかけして申し訳ございません。担当者が優先的に対応いたします。

agent-joined = 担当の{ $agent }が会話に参加しました。

message-to-agent = お客様のメッセージを{ $agent }に引き継ぎました。

conversation-closed = この会話は終了しました。お問い合わせいただき、ありがとうございました。
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = 今回の対応を1（不満）から5（大変満足）で評価してください。
rating-thanks = ご評価いただき、ありがとうございました。
