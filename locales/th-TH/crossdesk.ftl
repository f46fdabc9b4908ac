# crossdesk's own messages to shoppers: Thai (th-TH), polite neutral register (no ค่ะ/ครับ particles).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] ภาษาอังกฤษ
        [zh] ภาษาจีน
        [es] ภาษาสเปน
        [de] ภาษาเยอรมัน
        [fr] ภาษาฝรั่งเศส
        [ja] ภาษาญี่ปุ่น
        [pt] ภาษาโปรตุเกส
        [it] ภาษาอิตาลี
        [nl] ภาษาดัตช์
        [ru] ภาษารัสเซีย
        [ko] ภาษาเกาหลี
        [ar] ภาษาอาหรับ
        [cs] ภาษาเช็ก
        [da] ภาษาเดนมาร์ก
        [el] ภาษากรีก
        [fa] ภาษาเปอร์เซีย
        [fi] ภาษาฟินแลนด์
        [he] ภาษาฮีบรู
        [hi] ภาษาฮินดี
        [hu] ภาษาฮังการี
        [id] ภาษาอินโดนีเซีย
        [ms] ภาษามลายู
        [nb] ภาษานอร์เวย์
        [pl] ภาษาโปแลนด์
        [ro] ภาษาโรมาเนีย
        [sk] ภาษาสโลวัก
        [sv] ภาษาสวีเดน
        [th] ภาษาไทย
        [tr] ภาษาตุรกี
        [uk] ภาษายูเครน
        [vi] ภาษาเวียดนาม
       *[other] ภาษาของคุณ
    }

greeting = สวัสดี คุณกำลังสนทนากับฝ่ายบริการลูกค้าของเรา คุณสามารถพิมพ์ข้อความเป็นภาษาของคุณเอง และเราจะตอบกลับเป็นภาษาเดียวกัน

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = ตั้งแต่นี้ไป เราจะตอบกลับคุณเป็น{ $language }

machine-translation-note = คำตอบนี้แปลโดยอัตโนมัติจาก{ $language }

no-translation-fallback = ขออภัย เราไม่สามารถแปลข้อความของคุณโดยอัตโนมัติได้ เจ้าหน้าที่ของเราที่สื่อสารเป็น{ $language }ได้จะตอบกลับคุณที่นี่

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = เจ้าหน้าที่ของเราเขียนข้อความนี้เป็น{ $language } ขออภัย เราไม่สามารถแปลข้อความนี้โดยอัตโนมัติได้

handoff-requested = เรากำลังส่งต่อการสนทนาของคุณไปยังเจ้าหน้าที่ของเรา { $position ->
        [1] คุณคือคิวถัดไป
       *[other] ขณะนี้คุณอยู่ในคิวที่ { $position }
    }

bot-unavailable = ขณะนี้ผู้ช่วยอัตโนมัติของเราไม่พร้อมให้บริการ เราได้บันทึกข้อความที่คุณส่งเมื่อเวลา { $time } ไว้แล้ว และเจ้าหน้าที่ของเราจะตอบกลับคุณที่นี่

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = เจ้าหน้าที่ของเราจะเข้ามาดูแลการสนทนานี้ในอีกสักครู่

queued-until = ทีมงานของเราจะกลับมาให้บริการตั้งแต่ { $opens } (ตามเวลาท้องถิ่นของคุณ) เราจะตอบกลับคุณที่นี่ทันทีที่มีเจ้าหน้าที่ว่าง

queued-no-opening = ขณะนี้ทีมงานของเรายังไม่พร้อมให้บริการ เราจะตอบกลับคุณที่นี่ทันทีที่มีเจ้าหน้าที่ว่าง

wait-estimate = เวลารอโดยประมาณ: { $min }–{ $max } นาที

wait-unknown = ขณะนี้ยังไม่สามารถประเมินเวลารอได้

handoff-soothing = ขออภัยในความไม่สะดวก เจ้าหน้าที่ของเราจะดูแลเรื่องนี้ให้คุณเป็นลำดับแรก

agent-joined = { $agent } จากทีมงานของเราได้เข้าร่วมการสนทนาแล้ว

message-to-agent = เราได้ส่งต่อข้อความของคุณให้ { $agent } แล้ว

conversation-closed = การสนทนานี้สิ้นสุดลงแล้ว ขอบคุณที่ติดต่อเรา
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = กรุณาให้คะแนนการสนทนานี้ ตั้งแต่ 1 (แย่) ถึง 5 (ดีเยี่ยม)
rating-thanks = ขอบคุณสำหรับคะแนนของคุณ
