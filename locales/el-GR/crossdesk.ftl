# crossdesk's own messages to shoppers: Greek (el-GR), formal register (plural εσείς).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Greek adjectives and articles show gender, so the shopper is never described
# with an adjective, and $agent is introduced in apposition to "ένα μέλος της
# ομάδας μας" (neuter) instead of with ο/η.
# Language names are neuter plurals without article (αγγλικά); the messages
# add the article where Greek needs it (στα αγγλικά, από τα αγγλικά).
# Plurals: one, other.

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] αγγλικά
        [zh] κινεζικά
        [es] ισπανικά
        [de] γερμανικά
        [fr] γαλλικά
        [ja] ιαπωνικά
        [pt] πορτογαλικά
        [it] ιταλικά
        [nl] ολλανδικά
        [ru] ρωσικά
        [ko] κορεατικά
        [ar] αραβικά
        [cs] τσεχικά
        [da] δανικά
        [el] ελληνικά
        [fa] περσικά
        [fi] φινλανδικά
        [he] εβραϊκά
        [hi] χίντι
        [hu] ουγγρικά
        [id] ινδονησιακά
        [ms] μαλαϊκά
        [nb] νορβηγικά
        [pl] πολωνικά
        [ro] ρουμανικά
        [sk] σλοβακικά
        [sv] σουηδικά
        [th] ταϊλανδικά
        [tr] τουρκικά
        [uk] ουκρανικά
        [vi] βιετναμικά
       *[other] τη γλώσσα σας
    }

greeting = Γεια σας! Επικοινωνείτε με την εξυπηρέτηση πελατών μας. Γράψτε μας στη δική σας γλώσσα και θα σας απαντήσουμε στην ίδια γλώσσα.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = Από εδώ και πέρα θα σας απαντάμε στα { $language }.

machine-translation-note = Αυτή η απάντηση μεταφράστηκε αυτόματα από τα { $language }.

no-translation-fallback = Δεν μπορέσαμε να μεταφράσουμε αυτόματα το μήνυμά σας. Ένα μέλος της ομάδας μας που μιλά { $language } θα σας απαντήσει εδώ.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Ένα μέλος της ομάδας μας έγραψε αυτό το μήνυμα στα { $language }. Δεν μπορέσαμε να το μεταφράσουμε αυτόματα.

handoff-requested = Μεταφέρουμε τη συνομιλία σας σε ένα μέλος της ομάδας μας. { $position ->
        [1] Η σειρά σας είναι η επόμενη.
       *[other] Η θέση σας στην ουρά αναμονής: { $position }.
    }

bot-unavailable = Ο ψηφιακός μας βοηθός δεν είναι διαθέσιμος αυτή τη στιγμή. Το μήνυμα που στείλατε στις { $time } αποθηκεύτηκε, και ένα μέλος της ομάδας μας θα σας απαντήσει εδώ.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = Σε λίγο ένα μέλος της ομάδας μας θα αναλάβει αυτή τη συνομιλία.

queued-until = Η ομάδα μας θα είναι ξανά διαθέσιμη από { $opens } (τοπική σας ώρα). Θα σας απαντήσουμε εδώ μόλις υπάρξει διαθέσιμο μέλος της ομάδας.

queued-no-opening = Η ομάδα μας δεν είναι διαθέσιμη αυτή τη στιγμή. Θα σας απαντήσουμε εδώ μόλις υπάρξει διαθέσιμο μέλος της ομάδας.

wait-estimate = Εκτιμώμενος χρόνος αναμονής: { $min }–{ $max } { $max ->
        [one] λεπτό
       *[other] λεπτά
    }.

wait-unknown = Δεν μπορούμε ακόμη να εκτιμήσουμε τον χρόνο αναμονής.

handoff-soothing = Λυπούμαστε γι’ αυτό. Ένα μέλος της ομάδας μας θα το αναλάβει κατά προτεραιότητα.

agent-joined = Ένα μέλος της ομάδας μας, { $agent }, συνδέθηκε στη συνομιλία.

message-to-agent = Το μήνυμά σας προωθήθηκε στο μέλος της ομάδας μας { $agent }.

conversation-closed = Αυτή η συνομιλία έκλεισε. Σας ευχαριστούμε που επικοινωνήσατε μαζί μας.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Πώς θα αξιολογούσατε αυτή τη συνομιλία, από 1 (κακή) έως 5 (εξαιρετική);
rating-thanks = Σας ευχαριστούμε για την αξιολόγησή σας.
