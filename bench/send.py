#!/usr/bin/env python3
"""Sends N shopper messages, one after another, round robin over the
conversations in CONVS ("id token" per line), in the six languages of the
load benchmark; prints how many were answered 200. Used by
bench/instructions.sh (standard library only)."""
import http.client
import json
import sys

host, port, convs_file, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
convs = [line.split() for line in open(convs_file)]
texts = [
    "Where is my order?",
    "¿Dónde está mi pedido?",
    "Wo ist meine Bestellung?",
    "我的订单在哪里？",
    "Où est ma commande ?",
    "注文はどこですか？",
]
conn = http.client.HTTPConnection(host, port, timeout=120)
ok = 0
for i in range(n):
    cid, token = convs[i % len(convs)]
    body = json.dumps({"text": f"{texts[i % len(texts)]} #{i}"})
    conn.request(
        "POST",
        f"/v1/conversations/{cid}/messages",
        body,
        {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    response = conn.getresponse()
    response.read()
    ok += response.status == 200
print(f"{ok} of {n} answered 200")
