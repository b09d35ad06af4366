"""Formats one clientele-bench JSON report (argv[1]) as a Markdown table row."""
import json
import sys

report = json.loads(sys.argv[1])
ours, ref, ratio = report["ours"], report["reference"], report["ratio"]
print(
    f"| {report['concurrency']} | {ours['calls_per_sec']:,.0f} | {ref['calls_per_sec']:,.0f} "
    f"| {ratio['throughput']:.2f}x | {ours['p50_us']:.0f} / {ref['p50_us']:.0f} | {ratio['p50']:.2f}x "
    f"| {ours['p99_us']:.0f} / {ref['p99_us']:.0f} |"
)
