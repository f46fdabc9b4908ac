//! A shop links its shopper's channel addresses (WhatsApp number, e-mail
//! address…) to its own shopper id, with a signed assertion that lists
//! them: from then on, and for the conversations those addresses already
//! had, the channel conversations are that shopper's — in the agent's
//! view of earlier conversations and in `crossdesk erase --shopper`.
//! The links are keyed pseudonyms kept in the region of the assertion's
//! country.

use serde::{Deserialize, Serialize};

use crate::pipeline::{Error, Pipeline};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkRequest {
    /// The shop's signed shopper assertion with `country` and `links`.
    pub shopper_assertion: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Linked {
    /// Where the links are kept.
    pub region: String,
    /// Addresses linked.
    pub links: usize,
    /// Earlier conversations of those addresses that became the shopper's.
    pub conversations_joined: usize,
}

impl Pipeline {
    pub async fn link_identities(&self, req: LinkRequest) -> Result<Linked, Error> {
        let vouched = self
            .shops
            // Dated by the shop's real clock, not a simulated one.
            .verify(&req.shopper_assertion, chrono::Utc::now().timestamp())
            .map_err(|e| Error::invalid("invalid_shopper_assertion", e.to_string()))?;
        if vouched.links.is_empty() {
            return Err(Error::invalid(
                "no_links",
                "the shopper assertion names no `links` (`kind:address` entries)",
            ));
        }
        let Some(country) = vouched.country.as_deref() else {
            return Err(Error::invalid(
                "country_required",
                "links need the shopper assertion's `country`: it decides the region that keeps them",
            ));
        };
        let (region, _) = self.policies.region_for(country);
        let (region, hash) = (region.id.clone(), region.hash.clone());
        let store = self.stores.get(&region)?.clone();
        let shopper_ref = self.pseudonyms.pseudonym(&region, &vouched.shopper_id);
        let now = self.clock.now_ms();
        let mut joined = 0;
        for (kind, address) in &vouched.links {
            let key = crate::channels::address_key(kind, address);
            let address_ref = self
                .pseudonyms
                .pseudonym(&region, &format!("channel:{kind}:{key}"));
            let shopper = shopper_ref.clone();
            joined += store
                .run(move |s| s.link_identity(&address_ref, &shopper, now))
                .await?;
        }
        let detail = serde_json::json!({
            "shop": vouched.shop, "links": vouched.links.len(), "conversations_joined": joined,
        });
        self.audit(&store, "identity_link", &shopper_ref, detail, &hash)
            .await?;
        Ok(Linked {
            region,
            links: vouched.links.len(),
            conversations_joined: joined,
        })
    }
}
