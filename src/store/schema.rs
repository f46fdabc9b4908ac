//! diesel schema, identical for the SQLite and PostgreSQL migrations.

diesel::table! {
    conversations (id) {
        id -> Text,
        region -> Text,
        country -> Text,
        region_source -> Text,
        locale -> Nullable<Text>,
        timezone -> Nullable<Text>,
        channel -> Text,
        shopper_id -> Nullable<Text>,
        lang -> Nullable<Text>,
        state -> Text,
        handoff_reason -> Nullable<Text>,
        created_at -> BigInt,
        updated_at -> BigInt,
        lang_locked -> Bool,
        lang_pending -> Nullable<Text>,
        pool -> Nullable<Text>,
        agent -> Nullable<Text>,
        priority -> Integer,
        bot_misses -> Integer,
        queued_at -> Nullable<BigInt>,
        claimed_at -> Nullable<BigInt>,
        closed_at -> Nullable<BigInt>,
        resolution -> Nullable<Text>,
        shopper_ref -> Nullable<Text>,
        emotion -> Double,
        csat -> Nullable<Integer>,
        rated_at -> Nullable<BigInt>,
        resolved_by -> Nullable<Text>,
        first_response_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    messages (conversation_id, seq) {
        conversation_id -> Text,
        seq -> Integer,
        role -> Text,
        text -> Text,
        lang -> Text,
        translated_text -> Nullable<Text>,
        translated_lang -> Nullable<Text>,
        engine -> Nullable<Text>,
        machine_translated -> Bool,
        created_at -> BigInt,
        lang_source -> Nullable<Text>,
    }
}

diesel::joinable!(messages -> conversations (conversation_id));
diesel::allow_tables_to_appear_in_same_query!(conversations, messages);

diesel::table! {
    learned_translations (from_lang, to_lang, source_hash) {
        from_lang -> Text,
        to_lang -> Text,
        source_hash -> Text,
        source -> Text,
        translation -> Text,
        engine -> Text,
        created_at -> BigInt,
        conversation_id -> Nullable<Text>,
    }
}

diesel::table! {
    /// In the region's key store, not its database.
    data_keys (owner) {
        owner -> Text,
        key_id -> Text,
        key_version -> Integer,
        wrapped -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    audit (seq) {
        seq -> BigInt,
        at -> BigInt,
        kind -> Text,
        subject -> Text,
        detail -> Text,
        policy_hash -> Text,
        prev_hash -> Text,
        hash -> Text,
        digest -> Text,
    }
}

diesel::table! {
    channel_threads (channel, user_ref) {
        channel -> Text,
        user_ref -> Text,
        conversation_id -> Text,
        recipient -> Text,
        reply_ref -> Nullable<Text>,
        updated_at -> BigInt,
        delivered_seq -> Integer,
        attempts -> Integer,
        next_at -> BigInt,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    channel_events (channel, event_id) {
        channel -> Text,
        event_id -> Text,
        seen_at -> BigInt,
    }
}

diesel::table! {
    identity_links (address_ref) {
        address_ref -> Text,
        shopper_ref -> Text,
        created_at -> BigInt,
    }
}

diesel::allow_tables_to_appear_in_same_query!(channel_threads, messages);
