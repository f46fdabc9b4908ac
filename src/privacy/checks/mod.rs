//! Check digits and structure rules of the numbers crossdesk redacts. A
//! candidate that fails its check is not personal data of that kind: order
//! numbers and SKUs that merely look like one stay in the text. Pure.
//!
//! - `payment`: payment cards and IBANs;
//! - `asia`, `europe`, `americas`: identity numbers by where they are issued;
//! - here: what they share, and identity numbers checked by Luhn alone.

mod americas;
mod asia;
mod europe;
mod payment;

pub use americas::*;
pub use asia::*;
pub use europe::*;
pub use payment::*;

/// The ASCII digits of `s`, as numbers.
pub fn digits(s: &str) -> Vec<u32> {
    s.chars().filter_map(|c| c.to_digit(10)).collect()
}

/// A calendar date.
fn date_ok(year: u32, month: u32, day: u32) -> bool {
    chrono::NaiveDate::from_ymd_opt(year as i32, month, day).is_some()
}

/// An identity number checked by Luhn alone (Canadian SIN, Emirates ID,
/// Saudi national ID and iqama), taken only where its format or label says
/// which it is.
pub fn luhn_id_valid(s: &str) -> bool {
    let d = digits(s);
    (9..=15).contains(&d.len()) && {
        let sum: u32 = d
            .iter()
            .rev()
            .enumerate()
            .map(|(i, &x)| {
                if i % 2 == 1 {
                    let y = x * 2;
                    if y > 9 { y - 9 } else { y }
                } else {
                    x
                }
            })
            .sum();
        sum.is_multiple_of(10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_only_identity_numbers() {
        assert!(luhn_id_valid("784-1990-9076557-1") && !luhn_id_valid("784-1990-9076557-2"));
    }
}
