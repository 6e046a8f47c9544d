#!/usr/bin/env python3
"""Where a Hark process spent its CPU during a bench run, from a JFR recording.

Usage: jfr print --json --events jdk.CPUTimeSample REC.jfr > samples.json
       python3 bench/scripts/jfr-per-frame-costs.py samples.json

Each CPU-time sample is a thread's stack while it used CPU. Samples are put in the first
category whose marker appears anywhere in the stack (checked in the order below), and the
top frames are counted too. Percentages are of all samples.
"""
import collections
import json
import sys

CATEGORIES = [
    ("JSON encoding of the final (ProtocolCodec.encode)", ["ProtocolCodec.encode"]),
    ("client socket write (Jetty sendText, flush)", ["JettyClientChannel.send", "WebSocketCoreSession.sendFrame",
                                                     "FrameFlusher", "SocketChannelEndPoint.flush"]),
    ("client socket read and frame parsing (Jetty)", ["Parser.parse", "WebSocketConnection.fillAndParse",
                                                      "SocketChannelEndPoint.fill"]),
    ("endpoint: copy frame, push to the session (ClientStreamEndpoint)", ["ClientStreamEndpoint.onWebSocketBinary"]),
    ("session lane work (LiveSession, feed, chunker, ledger)", ["SerialLane.drain"]),
    ("echo recognizer lane", ["EchoLane.drain"]),
    ("scheduler and timers", ["ScheduledThreadPoolExecutor", "ExecutorSchedulerAdapter"]),
    ("Jetty selector (epoll, wakeups, task dispatch)", ["ManagedSelector", "EPoll", "AdaptiveExecutionStrategy"]),
    ("idle/parked pool threads waking", ["LockSupport.park", "ThreadPoolExecutor.getTask", "QueuedThreadPool"]),
]
MARKERS_INSIDE_LANE = [
    ("  JSON encoding", "ProtocolCodec.encode"),
    ("  Jetty sendText from the lane", "JettyClientChannel.send"),
    ("  hand-off to another thread (execute/unpark)", "LockSupport.unpark"),
    ("  Clock.instant", "Clock.currentInstant"),
    ("  chunker", "Chunker.offer"),
    ("  ledger", "AudioLedger"),
    ("  outbox", "TranscriptOutbox"),
]


def frames(event):
    stack = event["values"].get("stackTrace") or {}
    out = []
    for frame in stack.get("frames", []):
        method = frame.get("method") or {}
        owner = (method.get("type") or {}).get("name", "?")
        out.append(owner.rsplit(".", 1)[-1].replace("$", ".") + "." + method.get("name", "?"))
    return out


def main(path):
    with open(path) as f:
        events = json.load(f)["recording"]["events"]
    total = len(events)
    by_category = collections.Counter()
    inside_lane = collections.Counter()
    top = collections.Counter()
    for event in events:
        stack = frames(event)
        joined = " ".join(stack)
        top[stack[0] if stack else "(no Java stack)"] += 1
        for label, markers in CATEGORIES:
            if any(m in joined for m in markers):
                by_category[label] += 1
                break
        else:
            by_category["other"] += 1
        if "SerialLane.drain" in joined:
            for label, marker in MARKERS_INSIDE_LANE:
                if marker in joined:
                    inside_lane[label] += 1
    print(f"{total} CPU-time samples")
    for label, count in by_category.most_common():
        print(f"{100.0 * count / total:6.1f}%  {label}")
    print("within session lane work (overlapping):")
    for label, count in inside_lane.most_common():
        print(f"{100.0 * count / total:6.1f}%  {label}")
    print("top frames:")
    for name, count in top.most_common(15):
        print(f"{100.0 * count / total:6.1f}%  {name}")


if __name__ == "__main__":
    main(sys.argv[1])
