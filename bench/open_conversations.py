#!/usr/bin/env python3
"""Opens N conversations on a running crossdesk and sends each one message;
prints "id token" per line. Used by bench/load.sh (standard library only)."""
import http.client
import json
import sys
import threading

host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
countries = ["ES", "DE", "FR", "US", "CN", "JP", "SG", "BR"]
out, lock = [], threading.Lock()


def work(start, step):
    conn = http.client.HTTPConnection(host, port, timeout=30)
    for i in range(start, n, step):
        body = json.dumps({"country": countries[i % len(countries)]})
        conn.request("POST", "/v1/conversations", body, {"Content-Type": "application/json"})
        opened = json.loads(conn.getresponse().read())
        conn.request(
            "POST",
            f"/v1/conversations/{opened['id']}/messages",
            json.dumps({"text": "Where is my order?"}),
            {"Content-Type": "application/json", "Authorization": f"Bearer {opened['token']}"},
        )
        conn.getresponse().read()
        with lock:
            out.append(f"{opened['id']} {opened['token']}")


threads = [threading.Thread(target=work, args=(k, 8)) for k in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("\n".join(out))
