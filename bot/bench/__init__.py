"""`make bench`: answer latency in-process (repeated questions, and distinct new ones through the semantic model),
a cold `gongkai ask`, WebSocket load on `gongkai serve` (repeated questions at 1,000/s; distinct natural questions at
30/s with a /healthz probe beside them; 8 clients guessing query codes with /healthz beside them), the sessions rows
1,000 WebSocket connects that say nothing leave behind, and the request store at scale (status lookups, event
inserts, the overdue listing and the annual report's yearly table over 1,000,000 requests).

One module a benchmark: `answers` (in-process and a cold `gongkai ask`), `websocket` (`gongkai serve` run for a
benchmark, and repeated questions over the WebSocket), `natural` (distinct questions with /healthz beside them),
`guessing` (clients guessing query codes), `connects` (bare connects) and `store` (the request store at scale);
`common` holds what they share and `__main__` runs them (`python -m bot.bench`).

All traffic goes to 127.0.0.1; every loop is bounded in count and time."""
