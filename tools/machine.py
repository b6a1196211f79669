"""Where a figure was measured: the cores, the CPU model and the load average, for the headers
that `make bench` (bench/run.py) and `make matrix-report` (tools/matrix_report.py) write above
their figures (a figure means little without them)."""

from __future__ import annotations

import os


def cpu_model() -> str:
    """The first "model name" of /proc/cpuinfo ("Intel(R) Xeon(R) Processor"), else "?"."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def cores() -> str:
    """The cores and the CPU model: "2 cores (Intel(R) Xeon(R) Processor)"."""
    return f"{os.cpu_count()} cores ({cpu_model()})"


def load() -> str:
    """The 1, 5 and 15 minute load averages, as "1.2 0.9 0.5"."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())
