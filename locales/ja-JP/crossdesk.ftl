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
       *[other] お客様の言語
    }

greeting = こんにちは。こちらはカスタマーサービスのチャットです。お客様ご自身の言語でご入力ください。同じ言語でご返信いたします。

machine-translation-note = この回答は{ $language }から自動翻訳されたものです。

no-translation-fallback = お客様のメッセージを自動翻訳できませんでした。{ $language }に対応できる担当者が、こちらでご返信いたします。

handoff-requested = 担当者におつなぎしています。{ $position ->
        [1] 次にご案内いたします。
       *[other] 現在、{ $position }番目にお待ちいただいています。
    }

bot-unavailable = 申し訳ございませんが、ただいまアシスタントをご利用いただけません。{ $time }にお送りいただいたメッセージは保存されました。担当者がこちらでご返信いたします。
