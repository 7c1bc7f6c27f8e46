"""Recognise mentions: a spaCy `zh` pipeline of rule components configured from `kg/pipeline.cfg`."""

import os

# One BLAS thread per process, set before numpy loads its BLAS: the NER's matrices are small, a second
# thread bought nothing in bench/extract.py and would take the core of another `--jobs` worker.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
