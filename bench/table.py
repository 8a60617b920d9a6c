"""The printed table: medians, p99s and ratios, as docs/performance.md shows them."""

import os


def print_table(args, rows, notes):
    print(
        f"\nBroadsheet benchmark: {args.database}, {os.cpu_count()} CPUs, "
        f"medians of {args.runs} wrk runs of {args.seconds} s\n"
    )
    print(_row("measure", "req/s", "p50 ms", "p99 ms", "note"))
    print(f"|{'-' * 48}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 16}|")
    for name, rate, p50, p99, note in rows:
        rate = f"{rate:,.0f}" if rate != "" else ""
        p50, p99 = (f"{t:.2f}" if t != "" else "" for t in (p50, p99))
        print(_row(name, rate, p50, p99, note))
    print()
    for note in notes:
        print(note)


def _row(name, rate, p50, p99, note):
    return f"| {name:<46} | {rate:>8} | {p50:>7} | {p99:>7} | {note:<14} |"
