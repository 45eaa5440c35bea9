#!/usr/bin/env python3
"""Summarise a Java Flight Recorder profile: where the samples fall, as Markdown.

Usage: jfr print --json --stack-depth 64 --events jdk.ExecutionSample,jdk.NativeMethodSample REC.jfr > REC.json
       python3 src/bench/jfr_top.py REC.json "what was profiled" > profile.md

Three views: the leaf frame (self time: the Java method, or the native method the thread sits in, e.g. a
libnd4j op call); the innermost frame of this application's code (io.github.invertible), which says
which of our methods the time is spent under; and the inclusive share of every application method (the
samples with it anywhere on the stack), which shows the calling paths (e.g. a convolution under the
Krylov solver vs under the double-precision forward pass).
"""
import collections
import json
import sys

APP = "io.github.invertible."


def frame_name(f):
    m = f.get("method", {})
    return m.get("type", {}).get("name", "?").replace("/", ".") + "." + m.get("name", "?")


def main():
    path, what = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""
    with open(path) as fh:
        events = json.load(fh)["recording"]["events"]
    leaf = collections.Counter()
    app = collections.Counter()
    inclusive = collections.Counter()
    kinds = collections.Counter()
    for e in events:
        frames = (e.get("values", {}).get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        kind = "native" if e["type"] == "jdk.NativeMethodSample" else "java"
        kinds[kind] += 1
        leaf[(kind, frame_name(frames[0]))] += 1
        mine = next((frame_name(f) for f in frames if frame_name(f).startswith(APP)), "(outside the application)")
        app[mine] += 1
        for name in {frame_name(f) for f in frames if frame_name(f).startswith(APP)}:
            inclusive[name] += 1
    total = sum(kinds.values())
    print(f"# Profile: {what}\n")
    print(f"{total} samples (Java Flight Recorder, settings=profile): "
          + ", ".join(f"{k} {v} ({100 * v / total:.0f} %)" for k, v in kinds.items()) + "\n")
    print("## Innermost application frame\n\n| share | method |\n|---:|---|")
    for name, n in app.most_common(15):
        print(f"| {100 * n / total:.1f} % | `{name}` |")
    print("\n## Application methods, inclusive (on the stack)\n\n| share | method |\n|---:|---|")
    for name, n in inclusive.most_common(25):
        print(f"| {100 * n / total:.1f} % | `{name}` |")
    print("\n## Leaf frame (self time)\n\n| share | where | method |\n|---:|---|---|")
    for (kind, name), n in leaf.most_common(15):
        print(f"| {100 * n / total:.1f} % | {kind} | `{name}` |")


if __name__ == "__main__":
    main()
