"""One module per measured part; each has `measure(run)` and writes into `run.report`."""
