#!/usr/bin/env python3
"""Where a chunk's time goes between the gateway's append and the gateway's read of its final,
from a capture of Redis's MONITOR during a `./hark bench --cluster` run (or any cluster run).

Usage: redis-cli -p PORT MONITOR > monitor.txt   (a few seconds while sessions stream; MONITOR
       costs Redis CPU, so capture briefly and do not read other figures from that run)
       python3 bench/scripts/redis-monitor-stages.py monitor.txt

Per chunk (session, start sample), from MONITOR's microsecond timestamps:
  append          FCALL hark_1_append_audio (the gateway's write)
  worker has it   the first XREAD naming the session's audio stream with a cursor at or past the
                  chunk: the worker's reader got the entry, dispatched it and asked for more
  publish         FCALL hark_1_publish_final of the final for that chunk (the worker's write)
  gateway has it  the first XREAD naming the session's transcript stream with a cursor at or past
                  the final's seq: the gateway's reader got it, dispatched it and asked for more
The client-side stages (frame to append: the chunker's grouping and the gateway's lane; gateway
has it to client) are not visible to Redis.
"""
import re
import sys

TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"')


def session(key):
    return key[key.index('{') + 1:key.index('}')]


def main(path):
    appends, publishes, audio_reads, tx_reads = {}, {}, {}, {}
    pending = None
    with open(path, errors='replace') as capture:
        for line in capture:
            if not line[:1].isdigit():
                continue
            at = float(line[:line.index(' ')])
            head = line[:600]
            if '"FCALL" "hark_1_append_audio"' in head:
                args = TOKEN.findall(head)
                appends[(session(args[3]), int(args[7]))] = at
            elif '"FCALL" "hark_1_publish_final"' in head:
                args = TOKEN.findall(head)
                pending = (session(args[3]), int(args[8]), at)
            elif pending and '"XADD"' in head and ':tx"' in head and '"t" "f"' in head:
                seq = int(TOKEN.findall(head)[2].split('-')[0])
                publishes[pending[:2]] = (pending[2], seq)
                pending = None
            elif '"XREAD"' in line[:80]:
                args = TOKEN.findall(line)
                streams = args[args.index('STREAMS') + 1:]
                half = len(streams) // 2
                for key, cursor in zip(streams[:half], streams[half:]):
                    reads = audio_reads if key.endswith(':audio') else tx_reads if key.endswith(':tx') else None
                    if reads is not None:
                        reads.setdefault(session(key), []).append((at, int(cursor.split('-')[0])))

    def first(reads, after, cursor):
        return next((at for at, seen in reads if at >= after and seen >= cursor), None)

    stages = {"append -> worker has it": [], "worker has it -> publish": [], "publish -> gateway has it": [],
              "append -> gateway has it": []}
    for (sid, start), appended in appends.items():
        if (sid, start) not in publishes:
            continue
        published, seq = publishes[(sid, start)]
        worker = first(audio_reads.get(sid, []), appended, start)
        gateway = first(tx_reads.get(sid, []), published, seq)
        if worker is None or gateway is None:
            continue
        for name, value in zip(stages, (worker - appended, published - worker, gateway - published,
                                        gateway - appended)):
            stages[name].append(value * 1000)

    def percentile(values, p):
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    print(f"chunks traced: {len(stages['append -> gateway has it'])}")
    for name, values in stages.items():
        if values:
            print(f"{name:28s} p50 {percentile(values, 50):7.2f}  p90 {percentile(values, 90):7.2f}  "
                  f"p99 {percentile(values, 99):7.2f}  max {max(values):7.2f} ms")


if __name__ == '__main__':
    main(sys.argv[1])
