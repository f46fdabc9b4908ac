//! Identity numbers of the shop's other countries, found as `national_id`:
//! one rule per number (its pattern, its check, whether the text must name
//! it).

use std::sync::OnceLock;

use regex::Regex;

use super::context::{in_longer_number, labelled, labelled_order};
use super::{Finds, re};
use crate::privacy::{Kind, checks};

fn national_id_labels() -> &'static Regex {
    static P: OnceLock<Regex> = OnceLock::new();
    P.get_or_init(|| {
        re(r"(?i)bsn|burgerservicenummer|pesel|cpf|aadhaar|aadhar|आधार|my ?number|マイナンバー|個人番号|ssn|social security|sozialversicherungs|seguridad social|sécurité sociale|securite sociale|codice fiscale|주민등록|주민번호|nric|\bfin\b|身份证|身份證|身分證|id card|identity|national id|\bdni\b|\bnie\b|ausweis|carta d'identità|carte d'identité|cédula|\brg\b|curp|kimlik|tckn|t\.c\.|\btc\b|personnummer|personnr|pps|\bsin\b|\bnas\b|social insurance|assurance sociale|инн|иин|هوية|إقامة|اقامة|iqama|บัตรประชาชน|เลขบัตร|身分證|身份證號|emirates id|\brut\b|ahv|avs|rijksregister|numéro national|national number")
    })
}

/// Identity numbers of the shop's other countries: strong formats with a
/// check are taken as they are; digit-only ones only when labelled.
pub(super) fn national_ids(text: &str, out: &mut Finds) {
    struct Rule {
        pattern: &'static str,
        valid: fn(&str) -> bool,
        needs_label: bool,
    }
    const RULES: &[Rule] = &[
        // Italian codice fiscale.
        Rule {
            pattern: r"(?-u:\b)[A-Za-z]{6}[0-9]{2}[A-Za-z][0-9]{2}[A-Za-z][0-9]{3}[A-Za-z](?-u:\b)",
            valid: checks::it_fiscal_code_valid,
            needs_label: false,
        },
        // French NIR, grouped or not.
        Rule {
            pattern: r"(?-u:\b)[12] ?[0-9]{2} ?[0-9]{2} ?(?:[0-9]{2}|2[ABab]) ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}(?-u:\b)",
            valid: checks::fr_nir_valid,
            needs_label: false,
        },
        // Brazilian CPF, written with its dots and dash.
        Rule {
            pattern: r"(?-u:\b)[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2}(?-u:\b)",
            valid: checks::br_cpf_valid,
            needs_label: false,
        },
        // Mexican CURP.
        Rule {
            pattern: r"(?-u:\b)[A-Za-z]{4}[0-9]{6}[HMhm][A-Za-z]{5}[A-Za-z0-9][0-9](?-u:\b)",
            valid: checks::mx_curp_valid,
            needs_label: false,
        },
        // Korean resident registration number.
        Rule {
            pattern: r"(?-u:\b)[0-9]{6}-[1-8][0-9]{6}(?-u:\b)",
            valid: checks::kr_rrn_valid,
            needs_label: false,
        },
        // Singapore NRIC/FIN.
        Rule {
            pattern: r"(?-u:\b)[STFGMstfgm][0-9]{7}[A-Za-z](?-u:\b)",
            valid: checks::sg_nric_valid,
            needs_label: false,
        },
        // Indian Aadhaar, grouped 4-4-4.
        Rule {
            pattern: r"(?-u:\b)[2-9][0-9]{3}[ -][0-9]{4}[ -][0-9]{4}(?-u:\b)",
            valid: checks::in_aadhaar_valid,
            needs_label: false,
        },
        // Digit-only numbers: only where the text names them.
        Rule {
            pattern: r"(?-u:\b)[0-9]{11}(?-u:\b)",
            valid: checks::br_cpf_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[0-9]{11}(?-u:\b)",
            valid: checks::pl_pesel_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[0-9]{4}[ -]?[0-9]{3}[ -]?[0-9]{2}(?-u:\b)|(?-u:\b)[0-9]{9}(?-u:\b)",
            valid: checks::nl_bsn_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}(?-u:\b)",
            valid: checks::jp_my_number_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[2-9][0-9]{11}(?-u:\b)",
            valid: checks::in_aadhaar_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[0-9]{13}(?-u:\b)",
            valid: checks::kr_rrn_valid,
            needs_label: true,
        },
        // Thai national ID, written 1-2345-67890-12-3.
        Rule {
            pattern: r"(?-u:\b)[0-9]-[0-9]{4}-[0-9]{5}-[0-9]{2}-[0-9](?-u:\b)",
            valid: checks::th_id_valid,
            needs_label: false,
        },
        Rule {
            pattern: r"(?-u:\b)[0-9]{13}(?-u:\b)",
            valid: checks::th_id_valid,
            needs_label: true,
        },
        // Taiwan national ID.
        Rule {
            pattern: r"(?-u:\b)[A-Za-z][12][0-9]{8}(?-u:\b)",
            valid: checks::tw_id_valid,
            needs_label: false,
        },
        // Hong Kong identity card.
        Rule {
            pattern: r"(?-u:\b)[A-Za-z]{1,2}[0-9]{6} ?(?:\([0-9Aa]\)|[0-9Aa](?-u:\b))",
            valid: checks::hk_id_valid,
            needs_label: false,
        },
        // Chilean RUT.
        Rule {
            pattern: r"(?-u:\b)[0-9]{1,2}\.?[0-9]{3}\.?[0-9]{3}-[0-9Kk](?-u:\b)",
            valid: checks::cl_rut_valid,
            needs_label: false,
        },
        // Swiss AHV/AVS.
        Rule {
            pattern: r"(?-u:\b)756\.?[0-9]{4}\.?[0-9]{4}\.?[0-9]{2}(?-u:\b)",
            valid: checks::ch_ahv_valid,
            needs_label: false,
        },
        // Belgian national number.
        Rule {
            pattern: r"(?-u:\b)[0-9]{2}\.[0-9]{2}\.[0-9]{2}-[0-9]{3}\.[0-9]{2}(?-u:\b)",
            valid: checks::be_national_number_valid,
            needs_label: false,
        },
        // Emirates ID.
        Rule {
            pattern: r"(?-u:\b)784-[0-9]{4}-[0-9]{7}-[0-9](?-u:\b)",
            valid: checks::luhn_id_valid,
            needs_label: false,
        },
        // Irish PPS, Canadian SIN, Saudi ID, Russian INN, Kazakh IIN: where named.
        Rule {
            pattern: r"(?-u:\b)[0-9]{7}[A-Wa-w][A-Ia-iWw]?(?-u:\b)",
            valid: checks::ie_pps_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{3}(?-u:\b)",
            valid: checks::luhn_id_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[12][0-9]{9}(?-u:\b)",
            valid: checks::luhn_id_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[0-9]{10}(?:[0-9]{2})?(?-u:\b)",
            valid: checks::ru_inn_valid,
            needs_label: true,
        },
        Rule {
            pattern: r"(?-u:\b)[0-9]{12}(?-u:\b)",
            valid: checks::kz_iin_valid,
            needs_label: true,
        },
        // Turkish T.C. kimlik numarası.
        Rule {
            pattern: r"(?-u:\b)[1-9][0-9]{10}(?-u:\b)",
            valid: checks::tr_kimlik_valid,
            needs_label: true,
        },
        // Swedish personnummer.
        Rule {
            pattern: r"(?-u:\b)(?:[0-9]{2})?[0-9]{6}[-+ ]?[0-9]{4}(?-u:\b)",
            valid: checks::se_personnummer_valid,
            needs_label: true,
        },
    ];
    static COMPILED: OnceLock<Vec<Regex>> = OnceLock::new();
    let compiled = COMPILED.get_or_init(|| RULES.iter().map(|r| re(r.pattern)).collect());
    for (rule, p) in RULES.iter().zip(compiled) {
        for m in p.find_iter(text) {
            if (rule.valid)(m.as_str())
                && !in_longer_number(text, m.start(), m.end())
                && !labelled_order(text, m.start())
                && (!rule.needs_label || labelled(text, m.start(), national_id_labels()))
            {
                out.push((m.start(), m.end(), Kind::NationalId));
            }
        }
    }
}
