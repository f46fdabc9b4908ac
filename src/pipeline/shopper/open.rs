//! Opening a conversation, and the token check that every later shopper
//! request passes.
//!
//! Step 1 of the message path, the region, is decided here once: from the
//! country in the shop's signed shopper assertion when there is one, else
//! the country the client declares, else the default region
//! (docs/residency.md, "Which region").

use chrono_tz::Tz;

use crate::language;
use crate::pipeline::Error;
use crate::pipeline::{OpenRequest, Opened, Pipeline, check_locale, checked_country};
use crate::policy::RegionSource;
use crate::store::models::Conversation;

/// What a bare `shopper_id` gets instead of a link.
const UNSIGNED_SHOPPER_ID: &str = "shopper_id ignored: only a shop's signed `shopper_assertion` links a conversation to a shopper; this conversation is anonymous";

impl Pipeline {
    /// Opens a conversation in the region the shopper's country belongs to.
    pub async fn open(&self, req: OpenRequest) -> Result<Opened, Error> {
        check_locale(&req.locale)?;
        if let Some(tz) = &req.timezone
            && tz.parse::<Tz>().is_err()
        {
            return Err(Error::invalid(
                "invalid_timezone",
                "`timezone` must be an IANA time zone such as `Europe/Madrid`",
            ));
        }
        let channel = req.channel.clone().unwrap_or_else(|| "web".into());
        if channel.is_empty()
            || channel.len() > 32
            || !channel
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        {
            return Err(Error::invalid(
                "invalid_channel",
                "`channel` must be 1–32 characters of a-z, 0-9, '-' or '_'",
            ));
        }
        if let Some(s) = &req.shopper_id
            && (s.is_empty() || s.chars().count() > 128 || s.chars().any(char::is_control))
        {
            return Err(Error::invalid(
                "invalid_shopper_id",
                "`shopper_id` must be 1–128 printable characters",
            ));
        }
        let declared = req.country.as_deref().map(checked_country).transpose()?;
        let vouched = match &req.shopper_assertion {
            Some(a) => Some(
                // Dated by the shop's real clock, not a simulated one.
                self.shops
                    .verify(a, chrono::Utc::now().timestamp())
                    .map_err(|e| Error::invalid("invalid_shopper_assertion", e.to_string()))?,
            ),
            None => None,
        };
        let mut warnings = Vec::new();
        if req.shopper_id.is_some() && vouched.is_none() {
            warnings.push(UNSIGNED_SHOPPER_ID.to_string());
        }

        // Step 1: region. The shop's word beats the client's.
        let (country, asserted) = match (vouched.as_ref().and_then(|v| v.country.clone()), declared)
        {
            (Some(c), _) => (Some(c), true),
            (None, d) => (d, false),
        };
        let (region, source) = match &country {
            Some(c) => match self.policies.region_for(c) {
                (r, RegionSource::Country) if asserted => (r, RegionSource::Assertion),
                found => found,
            },
            None => (self.policies.default_region(), RegionSource::Default),
        };
        let country = country.unwrap_or_else(|| "ZZ".into());
        let declared_lang = req.locale.as_deref().map(language::primary_subtag);
        // Only a vouched-for shopper is linked (and only they have an id kept).
        let shopper = vouched.as_ref().map(|v| ShopperLink {
            shopper_ref: self.pseudonyms.pseudonym(&region.id, &v.shopper_id),
            shopper_id: Some(v.shopper_id.clone()),
        });
        let conversation = self
            .insert_conversation(Opening {
                region: region.id.clone(),
                source,
                country,
                channel,
                locale: req.locale.clone(),
                timezone: req.timezone.clone(),
                lang: declared_lang.filter(|l| self.detector.serves(l)),
                shopper,
            })
            .await?;
        let id = conversation.id.clone();
        tracing::info!(conversation = %id, region = %region.id, region_source = source.as_str(), "conversation opened");

        let accept = req
            .accept_language
            .as_deref()
            .and_then(first_accept_language);
        let requested: Vec<&str> = req
            .locale
            .as_deref()
            .into_iter()
            .chain(accept.as_deref())
            .collect();
        let locale = self.i18n.negotiate(&requested);
        let expires = self.clock.now().timestamp() + self.shopper_token_secs;
        let (_, token) = self
            .tokens
            .issue(&id, expires)
            .map_err(|e| Error::internal("opening: issuing the token", e))?;
        Ok(Opened {
            token,
            id,
            region: region.id.clone(),
            region_source: source.as_str().into(),
            identity: if vouched.is_some() {
                "verified"
            } else {
                "anonymous"
            }
            .into(),
            greeting: self.i18n.format(&locale, "greeting", &[]),
            locale: locale.to_string(),
            warnings,
        })
    }

    /// Checks the bearer token against the conversation id and loads the conversation.
    pub async fn authorize(
        &self,
        conversation_id: &str,
        token: Option<&str>,
    ) -> Result<Conversation, Error> {
        self.authorize_with(conversation_id, token, Read::Stored)
            .await
    }

    /// [`Pipeline::authorize`] for a new shopper message: with an
    /// in-process bot the conversation may come from the store's recent
    /// ones, since the message's one write checks it (see [`Pipeline::message`]).
    pub async fn authorize_message(
        &self,
        conversation_id: &str,
        token: Option<&str>,
    ) -> Result<Conversation, Error> {
        let read = if self.bot.in_process() {
            Read::RecentOrStored
        } else {
            Read::Stored
        };
        self.authorize_with(conversation_id, token, read).await
    }

    async fn authorize_with(
        &self,
        conversation_id: &str,
        token: Option<&str>,
        read: Read,
    ) -> Result<Conversation, Error> {
        let store = self.store_of(conversation_id)?.clone();
        let token = token.ok_or(Error::Unauthorized)?;
        let token_id = self
            .tokens
            .verify(token, conversation_id, self.clock.now().timestamp())
            .map_err(|e| match e {
                crate::crypto::TokenError::Invalid => Error::Unauthorized,
                crate::crypto::TokenError::OtherConversation => Error::Forbidden,
            })?;
        if self.revoked.is_revoked(&token_id) {
            return Err(Error::Unauthorized);
        }
        let id = conversation_id.to_string();
        let found = match read {
            Read::RecentOrStored => store.conversation_for_message(id).await?,
            Read::Stored => store.load_conversation(id).await?,
        };
        found.ok_or_else(|| Error::NotFound("conversation not found".into()))
    }
}

/// Where an authorized request reads its conversation from.
enum Read {
    /// The store.
    Stored,
    /// The store's cache of recently written conversations, else the store:
    /// safe only where the write that follows checks the row it read.
    RecentOrStored,
}

/// The first language tag of an `Accept-Language` header, ignoring q=0.
pub(in crate::pipeline) fn first_accept_language(header: &str) -> Option<String> {
    header
        .split(',')
        .filter_map(|part| {
            let mut it = part.split(';');
            let tag = it.next()?.trim();
            let q: f32 = it
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse().ok())
                .unwrap_or(1.0);
            (q > 0.0 && !tag.is_empty() && tag != "*" && tag.len() <= 35)
                .then(|| (tag.to_string(), q))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(t, _)| t)
}

/// Who a new conversation belongs to: the keyed pseudonym that links it
/// to the shopper's other conversations, and the id to keep (sealed).
pub(crate) struct ShopperLink {
    pub shopper_ref: String,
    pub shopper_id: Option<String>,
}

/// A conversation to open, its region already decided.
pub(crate) struct Opening {
    pub region: String,
    pub source: RegionSource,
    pub country: String,
    pub channel: String,
    pub locale: Option<String>,
    pub timezone: Option<String>,
    pub lang: Option<String>,
    pub shopper: Option<ShopperLink>,
}

impl Pipeline {
    /// Stores a new conversation in its region's store.
    pub(crate) async fn insert_conversation(&self, o: Opening) -> Result<Conversation, Error> {
        let store = self.stores.get(&o.region)?.clone();
        let id = self
            .tokens
            .new_conversation_id(&o.region)
            .map_err(|e| Error::internal("opening: a conversation id", e))?;
        let now = self.clock.now_ms();
        let sealer = self.vault.sealer(&o.region, &id).await?;
        let (shopper_ref, shopper_id) = match o.shopper {
            Some(l) => (Some(l.shopper_ref), l.shopper_id),
            None => (None, None),
        };
        let conversation = Conversation {
            region_source: o.source.as_str().into(),
            locale: o.locale,
            timezone: o.timezone,
            shopper_ref,
            // The shopper's contact data is sealed with the conversation's own key.
            shopper_id: shopper_id
                .as_deref()
                .map(|s| sealer.seal("shopper_id", "0", s))
                .transpose()
                .map_err(|e| Error::internal("opening: sealing the shopper id", e))?,
            lang: o.lang,
            ..Conversation::opened(&id, &o.region, &o.country, &o.channel, now)
        };
        let row = conversation.clone();
        store.run(move |s| s.insert_conversation(&row)).await?;
        Ok(conversation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_preferred_tag() {
        assert_eq!(
            first_accept_language("de-CH;q=0.7, fr;q=0.9, *;q=0.1").as_deref(),
            Some("fr")
        );
        assert_eq!(first_accept_language("ja").as_deref(), Some("ja"));
        assert_eq!(first_accept_language("en;q=0").as_deref(), None);
        assert_eq!(first_accept_language("").as_deref(), None);
    }
}
