//! The emotion model's tests: the file format read back, and readings.

use super::*;

fn example(text: &str, class: usize) -> Example {
    Example {
        sparse: features(text, "en", 10),
        dense: [0.0; DENSE],
        class,
    }
}

#[test]
fn features_are_sorted_unique_unit_length_and_ignore_digits() {
    let f = features("Order 12345 is late again 😡", "en", 16);
    assert!(f.windows(2).all(|w| w[0].0 < w[1].0));
    let len: f32 = f.iter().map(|(_, v)| v * v).sum();
    assert!((len - 1.0).abs() < 1e-4, "{len}");
    assert_eq!(
        features("order 99999 is late again 😡", "en", 16),
        f,
        "digits and case must not matter"
    );
    assert_ne!(
        features("Order is late", "de", 16),
        features("Order is late", "en", 16)
    );
    assert!(features("", "zh", 16).is_empty());
}

#[test]
fn training_learns_a_toy_task_and_round_trips_through_bytes() {
    let data = [
        ("where is my parcel please", 0),
        ("thanks a lot for your help", 0),
        ("can i change the address", 0),
        ("you are thieves and liars", 1),
        ("liars, i want a chargeback", 1),
        ("i am so worried it will not come in time", 2),
        ("worried sick, wedding is tomorrow", 2),
        ("third time asking and still nothing", 3),
        ("still nothing after three weeks", 3),
    ];
    let examples: Vec<Example> = data.iter().map(|(t, c)| example(t, *c)).collect();
    let params = Params {
        log2: 10,
        epochs: 30,
        rate: 0.5,
        l2: 1e-4,
        seed: 7,
    };
    let model = train(&examples, &["en".into()], &params);
    for (text, class) in data {
        let p = model.probabilities(text, "en", &[0.0; DENSE]);
        let best = (0..CLASSES).max_by(|a, b| p[*a].total_cmp(&p[*b])).unwrap();
        assert_eq!(best, class, "{text}: {p:?}");
    }
    assert_eq!(
        train(&examples, &["en".into()], &params),
        model,
        "deterministic"
    );
    let back = Model::from_bytes(&model.to_bytes()).unwrap();
    assert_eq!(back, model);
    let bytes = model.to_bytes();
    assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    assert!(Model::from_bytes(b"garbage").is_err());
}

#[test]
fn offset_moves_the_threshold_to_one_half() {
    let mut m = train(
        &[example("a", 0)],
        &["en".into()],
        &Params {
            log2: 10,
            epochs: 1,
            rate: 0.1,
            l2: 0.0,
            seed: 1,
        },
    );
    // P(upset) = 0.3 with a threshold of 0.3 must read exactly 0.5.
    m.offset = -(0.3f32 / 0.7).ln();
    let s = m.upset_score(&[0.7, 0.1, 0.1, 0.1]);
    assert!((s - 0.5).abs() < 1e-5, "{s}");
}
