#!/usr/bin/env python3
"""Summarises the jdk.ExecutionSample events of a JFR recording: the hottest methods by self time
(top frame) and by total time (anywhere on the stack), optionally only the samples whose stack
contains a given substring (e.g. UpstreamProxy or ResponseCache).

Usage: jfr-hot.py RECORDING.jfr [--only SUBSTRING] [--top N]
Needs the JDK's jfr tool on the PATH."""
import argparse
import collections
import json
import subprocess


def frames(event):
    for frame in event["values"]["stackTrace"]["frames"]:
        method = frame["method"]
        yield method["type"]["name"].replace("/", ".") + "." + method["name"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("recording")
    parser.add_argument("--only", default=None)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    data = json.loads(subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events",
                                      "jdk.ExecutionSample", args.recording],
                                     check=True, capture_output=True, text=True).stdout)
    events = data["recording"]["events"]
    self_time, total_time, threads = collections.Counter(), collections.Counter(), collections.Counter()
    count = 0
    for event in events:
        stack = list(frames(event))
        if not stack or (args.only and not any(args.only in f for f in stack)):
            continue
        count += 1
        self_time[stack[0]] += 1
        for method in set(stack):
            total_time[method] += 1
        thread = event["values"].get("sampledThread") or {}
        threads[(thread.get("javaName") or "?").rstrip("0123456789-")] += 1
    print(f"{count} samples" + (f" with '{args.only}' on the stack" if args.only else "") + f" of {len(events)}")
    print("\nthreads:")
    for name, n in threads.most_common(8):
        print(f"  {100 * n / count:5.1f}%  {name}")
    print("\nself (top frame):")
    for name, n in self_time.most_common(args.top):
        print(f"  {100 * n / count:5.1f}%  {name}")
    print("\ntotal (on the stack), io.fluxor and reactor/netty/micrometer/resilience4j/bucket4j/nimbus frames:")
    shown = 0
    for name, n in total_time.most_common():
        if any(p in name for p in ("io.fluxor", "reactor.", "io.netty", "micrometer", "resilience4j",
                                    "bucket4j", "nimbus", "caffeine")):
            print(f"  {100 * n / count:5.1f}%  {name}")
            shown += 1
            if shown >= args.top:
                break


if __name__ == "__main__":
    main()
