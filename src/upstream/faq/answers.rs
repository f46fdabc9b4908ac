//! The bot's fixed English answers, one per intent; the shipped
//! translation memory holds each in every served language.

/// (intent, answer). `⟦1⟧` stands for the shopper's order number.
pub const ANSWERS: &[(&str, &str)] = &[
    (
        "greeting",
        "Hello! I am the shop assistant. I can help with your order, shipping, returns, refunds, payment, address changes and cancellations. How can I help?",
    ),
    (
        "order_status",
        "You can track your order under My Account > Orders. Please send me your order number and I will check it for you.",
    ),
    (
        "order_status_number",
        "Thank you. You can follow order ⟦1⟧ with the tracking link in your shipping confirmation e-mail or under My Account > Orders.",
    ),
    (
        "shipping",
        "Standard shipping takes 5 to 10 business days and express shipping takes 2 to 4 business days. Orders leave our warehouse within 48 hours.",
    ),
    (
        "returns",
        "You can return most items within 30 days of delivery. Start a return under My Account > Orders, print the free return label and drop off the parcel.",
    ),
    (
        "refunds",
        "Refunds are issued to your original payment method within 5 business days after we receive your return.",
    ),
    (
        "payment",
        "We accept Visa, Mastercard, American Express, PayPal, Apple Pay, Alipay and WeChat Pay.",
    ),
    (
        "change_address",
        "You can change the delivery address under My Account > Orders until the order ships. After it ships, please contact the carrier with your tracking number.",
    ),
    (
        "cancel",
        "You can cancel an order under My Account > Orders as long as it has not shipped. Once it has shipped, you can return it instead.",
    ),
    (
        "cancel_number",
        "I have noted that you want to cancel order ⟦1⟧. If it has not shipped yet, you can cancel it under My Account > Orders; otherwise you can return it after delivery.",
    ),
    (
        "damaged",
        "I am sorry your item arrived damaged. Please send us a photo of the item and the packaging under My Account > Orders > Report a problem, and we will send a replacement or a full refund.",
    ),
    (
        "coupon",
        "You can enter a coupon code at checkout in the Discount code field. One code can be used per order, and codes cannot be added to orders already placed.",
    ),
    (
        "size_stock",
        "Each product page shows the sizes in stock and a size guide. If a size is sold out, choose Notify me on the product page and we will e-mail you when it is back.",
    ),
    (
        "payment_failed",
        "I am sorry your payment did not go through. Please check your card details and your bank's security confirmation, or try another payment method. You are not charged for a failed payment.",
    ),
    (
        "human",
        "I will connect you with a member of our customer service team.",
    ),
    (
        "thanks",
        "You are welcome! Is there anything else I can help with?",
    ),
    (
        "fallback",
        "I am sorry, I did not understand that. I can help with orders, shipping, returns, refunds, payments, address changes and cancellations.",
    ),
];
