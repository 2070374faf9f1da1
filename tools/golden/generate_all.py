"""Regenerate every golden JSON file, then self-check the optimizer notes.

    /usr/bin/python3 tools/golden/generate_all.py

Each generator can also be run on its own (e.g. python3 tools/golden/losses.py).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import attention  # noqa: E402
import check_optimizer_notes  # noqa: E402
import conv  # noqa: E402
import init_bounds  # noqa: E402
import layers  # noqa: E402
import layers_1d  # noqa: E402
import losses  # noqa: E402
import normalization  # noqa: E402
import optimizers  # noqa: E402
import recurrent  # noqa: E402
import schedules  # noqa: E402


def main():
    for module in (losses, layers, conv, normalization, layers_1d, recurrent, attention, init_bounds, optimizers,
                   schedules):
        module.main()
    check_optimizer_notes.main()


if __name__ == "__main__":
    main()
