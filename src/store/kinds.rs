//! The closed sets the rows hold: a conversation's state, a message's
//! author, why a conversation went to a person. Stored as their text (the
//! columns stay `TEXT`, readable by auditors' SQL); read back into enums so
//! that code matches on variants, never on string literals.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

/// A stored text that names none of an enum's variants.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} {text:?}")]
pub struct UnknownText {
    /// The enum's name.
    pub kind: &'static str,
    pub text: String,
}

/// An enum stored as one of its texts, serialized to JSON the same way.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow,
            serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[diesel(sql_type = Text)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }
        }

        /// As its stored text, quoted: logs and query dumps show what the
        /// column holds.
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{:?}", self.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownText;

            fn from_str(s: &str) -> Result<Self, UnknownText> {
                match s {
                    $($text => Ok($name::$variant),)*
                    other => Err(UnknownText {
                        kind: stringify!($name),
                        text: other.to_string(),
                    }),
                }
            }
        }

        impl<DB: Backend> ToSql<Text, DB> for $name
        where
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                self.as_str().to_sql(out)
            }
        }

        impl<DB: Backend> FromSql<Text, DB> for $name
        where
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                Ok(String::from_sql(bytes)?.parse()?)
            }
        }
    };
}

text_enum! {
    /// Who holds a conversation.
    State {
        /// The core bot answers.
        Bot = "bot",
        /// Waiting in a pool's line for a person.
        Handoff = "handoff",
        /// An agent holds it.
        Agent = "agent",
        /// Closed by an agent or the shopper; a new message reopens it.
        Closed = "closed",
    }
}

text_enum! {
    /// Who wrote a message (or resolved a conversation).
    Role {
        Shopper = "shopper",
        Bot = "bot",
        Agent = "agent",
        /// The proxy's own notices.
        System = "system",
    }
}

text_enum! {
    /// Why a conversation was handed to a person.
    HandoffReason {
        /// The shopper or the bot asked for a person.
        Requested = "requested",
        /// The shopper is upset.
        Upset = "upset",
        /// The bot cannot read the shopper's language or its answer could
        /// not be translated back.
        NoTranslation = "no_translation",
        /// The bot did not answer.
        BotUnavailable = "bot_unavailable",
        /// The bot could not help several times in a row.
        BotGaveUp = "bot_gave_up",
    }
}

text_enum! {
    /// How an agent closed a conversation.
    Resolution {
        Resolved = "resolved",
        Unresolved = "unresolved",
        Duplicate = "duplicate",
        Spam = "spam",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_round_trip_and_unknown_ones_are_refused() {
        for s in [State::Bot, State::Handoff, State::Agent, State::Closed] {
            assert_eq!(s.as_str().parse::<State>(), Ok(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert_eq!(
            "no_translation".parse::<HandoffReason>(),
            Ok(HandoffReason::NoTranslation)
        );
        assert!("queued".parse::<State>().is_err());
    }
}
