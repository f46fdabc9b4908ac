//! Shoppers on messaging channels (`/channels/<id>`): a signed webhook's
//! messages take the same path as the API's (region, residency,
//! translation, routing, audit), in one conversation per channel user; the
//! replies, the agents' too, are delivered by [`Pipeline::deliver_due`],
//! retried with back-off until the provider takes them.

mod deliver;
mod split;

use crate::channels::{Accepted, Inbound, Webhook, WebhookError};
use crate::config::ChannelConfig;
use crate::pipeline::shopper::{Opening, ShopperLink};
use crate::pipeline::{Error, Pipeline};
use crate::policy::RegionSource;
use crate::store::models::Conversation;
use crate::store::{Store, Thread};

/// What the webhook answers.
pub struct Ack {
    pub content_type: &'static str,
    pub body: String,
}

/// How many of a webhook's messages were taken and how many were replays.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Taken {
    pub messages: usize,
    pub replays: usize,
}

impl Pipeline {
    /// A channel's webhook: checked, read, and each new message answered.
    /// A store that fails stops the request with 503, so that the
    /// provider delivers it again (the events taken before are not taken
    /// twice).
    pub async fn channel_webhook(
        &self,
        channel_id: &str,
        request: &Webhook<'_>,
    ) -> Result<(Ack, Taken), Error> {
        let (config, channel) = self
            .channels
            .iter()
            .find(|(c, _)| c.id == channel_id)
            .ok_or_else(|| Error::NotFound(format!("no channel {channel_id:?}")))?;
        let now = self.clock.now_ms();
        let events = match channel.accept(request, now) {
            Ok(Accepted::Handshake(body)) => {
                return Ok((
                    Ack {
                        content_type: "text/plain; charset=utf-8",
                        body,
                    },
                    Taken::default(),
                ));
            }
            Ok(Accepted::Events(events)) => events,
            Err(WebhookError::Unauthorized(why)) => {
                tracing::warn!(channel = %channel_id, %why, "webhook refused");
                return Err(Error::BadSignature(why));
            }
            Err(WebhookError::Malformed(why)) => {
                return Err(Error::invalid("malformed_webhook", why));
            }
        };
        let mut taken = Taken::default();
        for event in events {
            if self.channel_message(config, event, now).await? {
                taken.messages += 1;
            } else {
                taken.replays += 1;
            }
        }
        if taken.messages > 0 {
            self.deliveries.notify_one();
        }
        let (content_type, body) = channel.ack();
        Ok((Ack { content_type, body }, taken))
    }

    /// One message from a channel user: false for a replay.
    async fn channel_message(
        &self,
        config: &ChannelConfig,
        event: Inbound,
        now: i64,
    ) -> Result<bool, Error> {
        let channel_id = config.id.as_str();
        // Event ids are kept twice the window: a signed request older than
        // the window is refused by its adapter, a younger one is found here.
        let window = config.replay_window_secs as i64 * 1000;
        let country = channel_country(config, &event.user);
        let (region, source) = self.policies.region_for(&country);
        let region = region.id.clone();
        let store = self.stores.get(&region)?.clone();
        let (channel, event_id) = (channel_id.to_string(), event.event_id.clone());
        let first = store
            .run(move |s| s.take_event(&channel, &event_id, now, now - 2 * window))
            .await?;
        if !first {
            tracing::info!(channel = %channel_id, "webhook event replayed: ignored");
            return Ok(false);
        }
        let kind = config.kind.as_str();
        let address = format!(
            "channel:{kind}:{}",
            crate::channels::address_key(kind, &event.user)
        );
        let user = User {
            channel: channel_id.to_string(),
            user_ref: self.pseudonyms.pseudonym(&region, &address),
            region,
        };
        let (channel, key) = (user.channel.clone(), user.user_ref.clone());
        let conversation = match store.run(move |s| s.thread(&channel, &key)).await? {
            Some(thread) => {
                self.continue_thread(&store, &user, thread, &event, now)
                    .await?
            }
            None => {
                let opening = Opening {
                    region: user.region.clone(),
                    source: match source {
                        RegionSource::Default => RegionSource::Default,
                        _ => RegionSource::Country,
                    },
                    country,
                    channel: user.channel.clone(),
                    locale: event
                        .locale
                        .clone()
                        .or_else(|| config.locale.clone())
                        .filter(|l| crate::pipeline::check_locale(&Some(l.clone())).is_ok()),
                    timezone: None,
                    lang: None,
                    shopper: None,
                };
                self.open_thread(&store, &user, opening, &event, now)
                    .await?
            }
        };
        // The API refuses a text over the limit; a channel user cannot be
        // asked to send it again, so it goes in parts within it.
        let (parts, left_out) = split::split(&event.text, self.max_text_chars);
        let id = conversation.id.clone();
        if left_out {
            tracing::warn!(channel = %user.channel, limit = self.max_text_chars, parts = split::MAX_PARTS, "a channel message longer than its parts: the rest left out");
        }
        let mut conversation = Some(conversation);
        for part in parts {
            // Each part after the first sees the conversation as the one
            // before left it.
            let current = match conversation.take() {
                Some(c) => c,
                None => {
                    let id = id.clone();
                    store
                        .run(move |s| s.conversation(&id))
                        .await?
                        .ok_or_else(|| Error::internal("channel", "the conversation went away"))?
                }
            };
            self.message(current, part, None, None).await?;
        }
        Ok(true)
    }

    /// The user's conversation, with the newest message's reply reference.
    async fn continue_thread(
        &self,
        store: &Store,
        user: &User,
        thread: Thread,
        event: &Inbound,
        now: i64,
    ) -> Result<Conversation, Error> {
        if let Some(r) = &event.reply_ref {
            let sealer = self
                .vault
                .sealer(&user.region, &thread.conversation_id)
                .await?;
            let sealed = sealer
                .seal("shopper_id", "reply_ref", r)
                .map_err(|e| Error::internal("channel: sealing the reply reference", e))?;
            let (channel, key) = (user.channel.clone(), user.user_ref.clone());
            store
                .run(move |s| s.set_reply_ref(&channel, &key, &sealed, now))
                .await?;
        }
        let id = thread.conversation_id;
        store
            .run(move |s| s.conversation(&id))
            .await?
            .ok_or_else(|| Error::internal("channel", "a thread without its conversation"))
    }

    /// A new conversation for the user: the shop's linked shopper, or the
    /// address's own pseudonym, so that the user's conversations are one
    /// shopper's; the address sealed as the policy seals the shopper's
    /// identity.
    async fn open_thread(
        &self,
        store: &Store,
        user: &User,
        mut opening: Opening,
        event: &Inbound,
        now: i64,
    ) -> Result<Conversation, Error> {
        let key = user.user_ref.clone();
        let shopper_ref = store
            .run(move |s| s.linked_shopper(&key))
            .await?
            .unwrap_or_else(|| user.user_ref.clone());
        opening.shopper = Some(ShopperLink {
            shopper_ref,
            shopper_id: None,
        });
        opening.lang = opening
            .locale
            .as_deref()
            .map(crate::language::primary_subtag)
            .filter(|l| self.detector.serves(l));
        let conversation = self.insert_conversation(opening).await?;
        let sealer = self.vault.sealer(&user.region, &conversation.id).await?;
        let seal = |row: &str, text: &str| {
            sealer
                .seal("shopper_id", row, text)
                .map_err(|e| Error::internal("channel: sealing the address", e))
        };
        let thread = Thread {
            channel: user.channel.clone(),
            user_ref: user.user_ref.clone(),
            conversation_id: conversation.id.clone(),
            recipient: seal("recipient", &event.user)?,
            reply_ref: event
                .reply_ref
                .as_deref()
                .map(|r| seal("reply_ref", r))
                .transpose()?,
            updated_at: now,
            delivered_seq: 0,
            attempts: 0,
            next_at: 0,
            last_error: None,
        };
        store.run(move |s| s.put_thread(&thread)).await?;
        tracing::info!(conversation = %conversation.id, channel = %user.channel, region = %user.region, "channel conversation opened");
        Ok(conversation)
    }
}

/// A channel user, as the stores know them.
struct User {
    channel: String,
    /// The keyed pseudonym of the user's address in `region`.
    user_ref: String,
    region: String,
}

/// The country a channel user's messages count as from: the sender's
/// phone number's for WhatsApp with `country_from_phone`, else the
/// channel's.
fn channel_country(config: &ChannelConfig, user: &str) -> String {
    let fallback = config.country.clone().unwrap_or_else(|| "ZZ".into());
    if !config.country_from_phone {
        return fallback;
    }
    let number = format!("+{}", user.trim_start_matches('+'));
    phonenumber::parse(None, &number)
        .ok()
        .and_then(|n| n.country().id())
        .map(|id| format!("{id:?}"))
        .unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whatsapp(from_phone: bool) -> ChannelConfig {
        toml::from_str(&format!(
            "id = \"wa\"\nkind = \"whatsapp\"\ncountry = \"ES\"\ncountry_from_phone = {from_phone}\n"
        ))
        .unwrap()
    }

    #[test]
    fn a_whatsapp_senders_number_can_decide_the_country() {
        assert_eq!(channel_country(&whatsapp(true), "4915112345678"), "DE");
        assert_eq!(channel_country(&whatsapp(true), "818012345678"), "JP");
        assert_eq!(channel_country(&whatsapp(true), "not a number"), "ES");
        assert_eq!(channel_country(&whatsapp(false), "4915112345678"), "ES");
    }
}
