//! How a reply joins the shopper's e-mail thread (RFC 5322 §3.6.4): it
//! answers the newest message the shopper sent (`In-Reply-To` its
//! `Message-ID`, `References` its references and its id) under the same
//! subject with `Re: `. The pipeline keeps one opaque reply reference per
//! thread (sealed); for e-mail it is this small JSON.

use serde::{Deserialize, Serialize};

/// Ids kept in `References`: the thread's root and its newest ones.
const MAX_REFERENCES: usize = 10;

/// What a reply needs of the message it answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyRef {
    /// Its `Message-ID` (`<…@…>`), when it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `References` a reply carries: the message's own, then its id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    #[serde(default)]
    pub subject: String,
}

impl ReplyRef {
    /// From the answered message's headers.
    pub fn of(
        id: Option<&str>,
        in_reply_to: Option<&str>,
        references: Option<&str>,
        subject: &str,
    ) -> ReplyRef {
        let id = id.and_then(|i| message_ids(i).into_iter().next());
        // A message without References but answering another has that
        // one as its thread (RFC 5322 §3.6.4).
        let mut chain = message_ids(references.or(in_reply_to).unwrap_or_default());
        chain.extend(id.clone());
        if chain.len() > MAX_REFERENCES {
            chain.drain(1..chain.len() - (MAX_REFERENCES - 1));
        }
        ReplyRef {
            id,
            references: chain,
            subject: subject.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a reply reference serialises")
    }

    /// The stored reference; an unreadable one threads nothing.
    pub fn from_json(text: &str) -> ReplyRef {
        serde_json::from_str(text).unwrap_or_default()
    }

    /// The reply's subject: `Re: ` once before the shopper's.
    pub fn reply_subject(&self) -> String {
        let lower = self.subject.to_lowercase();
        if ["re:", "aw:", "antw:", "sv:", "r:", "rif:", "odp:", "ynt:"]
            .iter()
            .any(|p| lower.starts_with(p))
        {
            self.subject.clone()
        } else if self.subject.is_empty() {
            "Re:".into()
        } else {
            format!("Re: {}", self.subject)
        }
    }
}

/// The `<…@…>` ids in a header's value, in order.
fn message_ids(value: &str) -> Vec<String> {
    value
        .split('<')
        .skip(1)
        .filter_map(|rest| rest.split_once('>').map(|(id, _)| id))
        .filter(|id| id.contains('@') && !id.contains(char::is_whitespace) && id.len() <= 250)
        .map(|id| format!("<{id}>"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_references_the_thread_and_answers_the_newest_message() {
        let r = ReplyRef::of(
            Some("<c@mail.example>"),
            Some("<b@shop.example>"),
            Some("<a@shop.example>\r\n <b@shop.example>"),
            "Re:  Ihre Bestellung\r\n 1234",
        );
        assert_eq!(r.id.as_deref(), Some("<c@mail.example>"));
        assert_eq!(
            r.references,
            ["<a@shop.example>", "<b@shop.example>", "<c@mail.example>"]
        );
        assert_eq!(r.reply_subject(), "Re: Ihre Bestellung 1234");
        assert_eq!(ReplyRef::from_json(&r.to_json()), r);

        // A first message: its own id only; the subject gets its Re:.
        let first = ReplyRef::of(Some("<x@mail.example>"), None, None, "Wo ist mein Paket?");
        assert_eq!(first.references, ["<x@mail.example>"]);
        assert_eq!(first.reply_subject(), "Re: Wo ist mein Paket?");
        assert_eq!(ReplyRef::of(None, None, None, "").reply_subject(), "Re:");
        assert_eq!(
            ReplyRef::of(None, Some("<p@q>"), None, "AW: Paket").references,
            ["<p@q>"]
        );
        assert_eq!(ReplyRef::from_json("not json"), ReplyRef::default());
    }

    #[test]
    fn long_threads_keep_their_root_and_newest_references() {
        let refs: Vec<String> = (0..30).map(|i| format!("<{i}@x>")).collect();
        let r = ReplyRef::of(Some("<new@x>"), None, Some(&refs.join(" ")), "s");
        assert_eq!(r.references.len(), MAX_REFERENCES);
        assert_eq!(r.references[0], "<0@x>");
        assert_eq!(r.references[MAX_REFERENCES - 1], "<new@x>");
        assert_eq!(r.references[MAX_REFERENCES - 2], "<29@x>");
        // Garbage in the headers is not an id.
        assert!(
            ReplyRef::of(Some("no id"), None, Some("<a b@c> <noat>"), "")
                .references
                .is_empty()
        );
    }
}
