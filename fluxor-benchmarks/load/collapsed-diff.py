#!/usr/bin/env python3
"""Compares two CPU profiles in async-profiler's collapsed-stack format (one line a stack, frames
joined by ';', the sample count last), each taken under a known number of requests: the CPU
milliseconds per 1,000 requests of each (at 1 ms a sample), split by the kind of the sampled frame
(kernel, Java, JIT compiler and GC threads, other native), then the frames whose own time per 1,000
requests differs most between the two.

Usage: collapsed-diff.py BASE.collapsed BASE_REQUESTS OTHER.collapsed OTHER_REQUESTS [--top N]"""
import argparse
import collections


def load(path):
    with open(path) as lines:
        for line in lines:
            stack, _, count = line.rstrip().rpartition(" ")
            if stack:
                yield stack.split(";"), int(count)


def kind(stack):
    leaf = stack[-1]
    if leaf.endswith("_[k]"):
        return "kernel"
    if any(frame.startswith(("CompileBroker::", "VMThread::", "GCTaskThread::", "G1", "WorkerThread::"))
           for frame in stack[:8]):
        return "jit/gc"
    if "/" in leaf or leaf.startswith(("java.", "jdk.")):
        return "java"
    return "native"


def summary(path, requests):
    per_request = 1000.0 / requests
    kinds, own = collections.Counter(), collections.Counter()
    for stack, count in load(path):
        kinds[kind(stack)] += count * per_request
        own[stack[-1]] += count * per_request
    return kinds, own


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("base_requests", type=int)
    parser.add_argument("other")
    parser.add_argument("other_requests", type=int)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    base_kinds, base_own = summary(args.base, args.base_requests)
    other_kinds, other_own = summary(args.other, args.other_requests)
    print(f"CPU ms per 1,000 requests   {'base':>8} {'other':>8}")
    for name in ("kernel", "java", "native", "jit/gc"):
        print(f"  {name:26s}{base_kinds[name]:8.3f} {other_kinds[name]:8.3f}")
    print(f"  {'total':26s}{sum(base_kinds.values()):8.3f} {sum(other_kinds.values()):8.3f}")
    print(f"\nframes whose own time differs most (ms per 1,000 requests)\n{'base':>8} {'other':>8}")
    frames = set(base_own) | set(other_own)
    for frame in sorted(frames, key=lambda f: -abs(other_own[f] - base_own[f]))[:args.top]:
        print(f"{base_own[frame]:8.3f} {other_own[frame]:8.3f}  {frame[:140]}")


if __name__ == "__main__":
    main()
