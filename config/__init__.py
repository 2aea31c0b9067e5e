import os

# The embedding model runs its own OpenMP threads; an idle multi-threaded BLAS pool spinning beside
# them made each query embedding 8× slower (12 → 100 ms on 2 cores). The matching's matrix-vector
# product is memory-bound anyway: one BLAS thread. Set before numpy is first imported.
for _variable in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
