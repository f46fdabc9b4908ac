//! Detection throughput on short shopper messages (no hints, 30 served
//! languages). `cargo bench --bench language`; figures in docs/language.md.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use crossdesk::language::{Detector, Hints};

const SERVED: &[&str] = &[
    "en", "zh", "ja", "ko", "es", "pt", "fr", "de", "it", "nl", "pl", "ru", "uk", "tr", "ar", "he",
    "fa", "hi", "th", "vi", "id", "ms", "sv", "da", "nb", "fi", "cs", "ro", "el", "hu",
];

const MESSAGES: &[&str] = &[
    "Where is my order, I paid last week",
    "¿Cuándo llega mi pedido? Ya pasaron diez días",
    "Onde está a minha encomenda, já paguei",
    "Wo bleibt mein Paket, ich warte schon lange",
    "Je n'ai toujours pas reçu ma commande",
    "Il pacco è arrivato danneggiato, voglio un rimborso",
    "Mijn bestelling is nog steeds niet aangekomen",
    "Gdzie jest moja paczka, czekam od tygodnia",
    "Kiedy dostanę zwrot pieniędzy za zamówienie",
    "Siparişim nerede, bir haftadır bekliyorum",
    "Pesanan saya belum sampai, kapan dikirim?",
    "Bila barang saya akan dihantar, dah seminggu",
    "Var är mitt paket, jag har väntat länge",
    "Hvor er min pakke, jeg har ventet længe",
    "Hvor er pakken min, jeg har ventet lenge",
    "Missä minun tilaukseni on, odotan vielä",
    "Kde je moje objednávka, čekám už týden",
    "Unde este comanda mea, aștept de o săptămână",
    "Hol van a rendelésem, egy hete várok",
    "Đơn hàng của tôi đâu rồi, chờ lâu quá",
];

fn bench(c: &mut Criterion) {
    let served: Vec<String> = SERVED.iter().map(|s| s.to_string()).collect();
    let detector = Detector::new(&served);
    let mut group = c.benchmark_group("detect");
    group.throughput(Throughput::Elements(MESSAGES.len() as u64));
    group.bench_function("20 short messages, 30 languages, no hint", |b| {
        b.iter(|| {
            for m in MESSAGES {
                black_box(detector.detect(black_box(m), Hints::default()));
            }
        })
    });
    group.finish();
}

fn emotion(c: &mut Criterion) {
    let messages = [
        (
            "en",
            "I was told someone would call me back within 24h. That was last Tuesday.",
        ),
        (
            "es",
            "Es la tercera vez que escribo y nadie contesta, esto es una vergüenza",
        ),
        ("zh", "等了两周还没到，客服也不回复，太过分了"),
        ("de", "Wo ist meine Bestellung? Vielen Dank"),
    ];
    c.bench_function("emotion: read one message", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % messages.len();
            let (lang, text) = messages[i];
            crossdesk::emotion::read(std::hint::black_box(text), lang)
        })
    });
}

criterion_group!(benches, bench, emotion);
criterion_main!(benches);
