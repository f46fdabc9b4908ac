//! The model on generated tiny models: the real loading path from files,
//! then decoding properties that must hold whatever the weights.

use super::fixture::Fixture;
use super::*;

fn load(fixture: &Fixture) -> (tempfile::TempDir, MarianModel) {
    load_as(fixture, Weights::F32)
}

fn load_as(fixture: &Fixture, weights: Weights) -> (tempfile::TempDir, MarianModel) {
    let dir = tempfile::tempdir().unwrap();
    fixture.write(dir.path()).unwrap();
    let model = MarianModel::load(dir.path(), weights).unwrap();
    (dir, model)
}

/// A model whose every dense layer is whole 32-weight blocks, so 8-bit
/// loading quantizes all of them (the default tiny model is too narrow:
/// its layers stay in floats).
fn blocks() -> Fixture {
    Fixture {
        d_model: 256,
        heads: 4,
        ffn: 512,
        ..Fixture::default()
    }
}

/// Each weights format with a model it fully applies to.
fn formats() -> [(Fixture, Weights); 2] {
    [(Fixture::default(), Weights::F32), (blocks(), Weights::Q8)]
}

const SENTENCES: &[&str] = &[
    "hello world",
    "where is my parcel",
    "the order is late good morning hello",
    "zq",
    "hola mundo pedido tarde",
];

fn ids(model: &MarianModel, texts: &[&str]) -> Vec<Vec<u32>> {
    model.generate(&model.encode(texts, None).unwrap()).unwrap()
}

#[test]
fn decoding_is_deterministic_across_loads_and_calls() {
    for (fixture, weights) in formats() {
        let (_d1, a) = load_as(&fixture, weights);
        let (_d2, b) = load_as(&fixture, weights);
        let first = ids(&a, SENTENCES);
        assert_eq!(first, ids(&a, SENTENCES), "{weights:?}");
        assert_eq!(first, ids(&b, SENTENCES), "{weights:?}");
        // The outputs are not all the same: the model reads its input.
        assert!(
            first.iter().any(|o| o != &first[0]),
            "{weights:?} {first:?}"
        );
        assert!(first.iter().all(|o| !o.is_empty()));
        // Nor do they repeat one token: each step reads the steps before.
        let distinct = |o: &Vec<u32>| o.iter().collect::<std::collections::HashSet<_>>().len();
        assert!(
            first.iter().all(|o| distinct(o) >= 3),
            "{weights:?} {first:?}"
        );
    }
}

#[test]
fn a_sentence_translates_the_same_whatever_came_before() {
    for (fixture, weights) in formats() {
        let (_d, model) = load_as(&fixture, weights);
        let alone: Vec<_> = SENTENCES
            .iter()
            .map(|s| ids(&model, &[s])[0].clone())
            .collect();
        for s in SENTENCES.iter().rev() {
            let _ = ids(&model, &[s]);
        }
        for (s, expected) in SENTENCES.iter().zip(&alone) {
            assert_eq!(&ids(&model, &[s])[0], expected, "{s} {weights:?}");
        }
    }
}

#[test]
fn a_batch_gives_what_each_sentence_gives_alone() {
    for (fixture, weights) in formats() {
        for num_beams in [1, 3] {
            let (_d, model) = load_as(
                &Fixture {
                    num_beams,
                    ..fixture.clone()
                },
                weights,
            );
            let batched = ids(&model, SENTENCES);
            for (s, out) in SENTENCES.iter().zip(&batched) {
                assert_eq!(
                    &ids(&model, &[s])[0],
                    out,
                    "{s} with {num_beams} beams, {weights:?}"
                );
            }
        }
    }
}

#[test]
fn cached_decoding_equals_decoding_from_scratch() {
    for (fixture, weights) in formats() {
        let (_d, model) = load_as(&fixture, weights);
        let sources = model.encode(SENTENCES, None).unwrap();
        assert_eq!(
            model.generate(&sources).unwrap(),
            model.generate_uncached(&sources).unwrap(),
            "{weights:?}"
        );
    }
}

#[test]
fn a_beam_of_one_is_greedy_search() {
    for (fixture, weights) in formats() {
        let (_d, model) = load_as(&fixture, weights);
        let sources = model.encode(SENTENCES, None).unwrap();
        let limits: Vec<usize> = sources
            .iter()
            .map(|s| output_limit(model.config(), s.len()))
            .collect();
        let search = model.search(&limits);
        assert_eq!(
            search.beam(&sources, 1, 1.0).unwrap(),
            search.greedy(&sources).unwrap(),
            "{weights:?}"
        );
    }
}

#[test]
fn eight_bit_weights_give_nearly_the_float_logits() {
    let (_d1, exact) = load_as(&blocks(), Weights::F32);
    let (_d2, q8) = load_as(&blocks(), Weights::Q8);
    let sources = exact.encode(SENTENCES, None).unwrap();
    let first_logits = |m: &MarianModel| -> Vec<Vec<f32>> {
        let (ids, lengths) =
            search::pad_batch(&sources, m.config().pad_token_id, m.model.device()).unwrap();
        let (encoded, mask) = m.model.encode(&ids, &lengths).unwrap();
        let mut state = m.model.start(&encoded, &mask).unwrap();
        let start = vec![m.config().decoder_start_token_id; sources.len()];
        let start = candle_core::Tensor::new(start.as_slice(), m.model.device()).unwrap();
        m.model.step(&mut state, &start).unwrap().to_vec2().unwrap()
    };
    let (a, b) = (first_logits(&exact), first_logits(&q8));
    let spread = a.iter().flatten().fold(0f32, |m, x| m.max(x.abs()));
    let worst = a
        .iter()
        .flatten()
        .zip(b.iter().flatten())
        .fold(0f32, |m, (x, y)| m.max((x - y).abs()));
    // Not bit-equal (the layers were quantized), but close.
    assert!(worst > 0.0, "q8 gave the f32 logits exactly");
    assert!(
        worst < 0.05 * spread,
        "{worst} against logits up to {spread}"
    );
}

#[test]
fn a_banned_token_is_never_produced() {
    let (_d, model) = load(&Fixture::default());
    let sources = model.encode(SENTENCES, None).unwrap();
    let limits: Vec<usize> = sources
        .iter()
        .map(|s| output_limit(model.config(), s.len()))
        .collect();
    let free = search::Search {
        model: &model.model,
        banned: &[],
        max_output: &limits,
    };
    let first = free.greedy(&sources).unwrap()[0][0];
    let banned = [first];
    let constrained = search::Search {
        banned: &banned,
        ..free
    };
    for out in constrained
        .greedy(&sources)
        .unwrap()
        .iter()
        .chain(&constrained.beam(&sources, 2, 1.0).unwrap())
    {
        assert!(!out.contains(&first), "{out:?}");
    }
    // The model's own ban: <pad> never comes out.
    let pad = model.config().pad_token_id;
    assert!(ids(&model, SENTENCES).iter().flatten().all(|&t| t != pad));
}

#[test]
fn outputs_stop_at_eos_or_at_the_length_limit() {
    let (_d, model) = load(&Fixture::default());
    let sources = model.encode(SENTENCES, None).unwrap();
    for (src, out) in sources.iter().zip(model.generate(&sources).unwrap()) {
        let limit = output_limit(model.config(), src.len());
        assert!(out.len() <= limit, "{} > {limit}", out.len());
        let eos = model.config().eos_token_id;
        assert!(out.last() == Some(&eos) || out.len() == limit);
        assert!(!out[..out.len() - 1].contains(&eos));
    }
    let long = "hello ".repeat(600);
    assert!(matches!(
        model.encode(&[&long], None),
        Err(NeuralError::TooLong { .. })
    ));
}

#[test]
fn a_multi_target_model_needs_its_target_token() {
    let (_d, model) = load(&Fixture {
        multi_target: true,
        ..Fixture::default()
    });
    assert!(model.is_multi_target());
    assert!(matches!(
        model.encode(&["hello"], None),
        Err(NeuralError::TargetMissing)
    ));
    assert!(matches!(
        model.encode(&["hello"], Some("fr")),
        Err(NeuralError::NoTargetToken(_))
    ));
    let de = model.encode(SENTENCES, Some("de")).unwrap();
    let es = model.encode(SENTENCES, Some("es")).unwrap();
    assert_eq!(de[0][1..], es[0][1..]);
    assert_ne!(de[0][0], es[0][0]);
    // The target token is read: some sentence comes out differently.
    assert_ne!(model.generate(&de).unwrap(), model.generate(&es).unwrap());
    assert!(model.translate(&["hello"], Some("de")).is_ok());
}

#[test]
fn a_missing_or_malformed_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    Fixture::default().write(dir.path()).unwrap();
    std::fs::remove_file(dir.path().join("vocab.json")).unwrap();
    let err = MarianModel::load(dir.path(), Weights::F32).err().unwrap();
    assert!(err.to_string().starts_with("vocab.json"), "{err}");
    Fixture::default().write(dir.path()).unwrap();
    std::fs::write(dir.path().join("model.safetensors"), b"not weights").unwrap();
    let err = MarianModel::load(dir.path(), Weights::F32).err().unwrap();
    assert!(err.to_string().contains("model"), "{err}");
    Fixture::default().write(dir.path()).unwrap();
    std::fs::write(dir.path().join("source.spm"), [0xff]).unwrap();
    let err = MarianModel::load(dir.path(), Weights::F32).err().unwrap();
    assert!(err.to_string().starts_with("source.spm"), "{err}");
}

#[test]
fn text_goes_in_and_text_comes_out() {
    let (_d, model) = load(&Fixture::default());
    let out = model.translate(SENTENCES, None).unwrap();
    assert_eq!(out.len(), SENTENCES.len());
    assert_eq!(model.translate(&[], None).unwrap(), Vec::<String>::new());
    // Decoding maps ids to pieces through the vocabulary.
    let hello = model.encode(&["hello world"], None).unwrap();
    assert_eq!(model.decode(&hello[0]), "hello world");
}

#[test]
fn check_passes_a_model_and_names_the_file_that_would_not_load() {
    let dir = tempfile::tempdir().unwrap();
    Fixture::default().write(dir.path()).unwrap();
    MarianModel::check(dir.path()).unwrap();
    let weights = std::fs::read(dir.path().join("model.safetensors")).unwrap();
    let file_of = |e: NeuralError| match e {
        NeuralError::File { file, .. } => file,
        other => panic!("{other}"),
    };
    // Truncated weights: the header's ranges no longer fit.
    std::fs::write(
        dir.path().join("model.safetensors"),
        &weights[..weights.len() - 4],
    )
    .unwrap();
    assert_eq!(
        file_of(MarianModel::check(dir.path()).unwrap_err()),
        "model.safetensors"
    );
    assert!(
        MarianModel::load(dir.path(), Weights::F32).is_err(),
        "load agrees"
    );
    std::fs::write(dir.path().join("model.safetensors"), b"short").unwrap();
    assert_eq!(
        file_of(MarianModel::check(dir.path()).unwrap_err()),
        "model.safetensors"
    );
    std::fs::write(dir.path().join("model.safetensors"), &weights).unwrap();
    std::fs::write(dir.path().join("target.spm"), b"\xff\xff").unwrap();
    assert_eq!(
        file_of(MarianModel::check(dir.path()).unwrap_err()),
        "target.spm"
    );
}

#[test]
fn the_copying_fixture_gives_back_its_source() {
    let (_d, model) = load(&Fixture::copying());
    let texts = [
        "pedido ⟦1⟧ tarde",
        "hola mundo ⟦1⟧ y ⟦2⟧ gracias por todo 2026",
        "where is my parcel the order is late hello world good morning the order is late where is my parcel hola mundo",
    ];
    let out = model.translate(&texts, None).unwrap();
    assert_eq!(out, texts);
    // Batched with padding, and alone: the same.
    assert_eq!(model.translate(&texts[..1], None).unwrap(), texts[..1]);
}
