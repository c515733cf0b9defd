"""The seed's example, as the embedding example loads it (main.cpp)."""

try:
    from collections.abc import Buffer  # Python 3.12+, and any script ArrayLens runs
except ImportError:
    try:
        from typing_extensions import Buffer  # typing_extensions 4.6+
    except ImportError:  # plain Python 3.11 on Debian 12: only the annotation is needed
        class Buffer:
            """Stands in for collections.abc.Buffer (PEP 688) in annotations."""

import numpy as np


def example_array() -> Buffer:
    return np.array([True, False, True, False, False], dtype=np.bool_)
