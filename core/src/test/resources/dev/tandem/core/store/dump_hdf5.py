"""Dumps an HDF5 file as JSON with h5py (an independent reader for the export tests).

Prints {"path": {"kind": "group"|"dataset", "attrs": {...}, "dtype": str, "shape": [...],
"values": nested lists}} for every group and dataset, the root included.
"""
import json
import sys

import h5py
import numpy as np


def plain(v):
    """Numpy values as JSON values; byte strings (fixed-length HDF5 strings) decoded as UTF-8."""
    if isinstance(v, (bytes, np.bytes_)):
        return v.decode("utf-8")
    if isinstance(v, np.ndarray):
        return plain(v.tolist())
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, np.generic):
        return v.item()
    return v


def main(path):
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            entry = {"attrs": {k: plain(v) for k, v in obj.attrs.items()}}
            if isinstance(obj, h5py.Dataset):
                entry["kind"] = "dataset"
                entry["dtype"] = str(obj.dtype)
                entry["shape"] = list(obj.shape)
                entry["values"] = plain(obj[()])
            else:
                entry["kind"] = "group"
            out[name] = entry
        visit("/", f)
        f.visititems(visit)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
