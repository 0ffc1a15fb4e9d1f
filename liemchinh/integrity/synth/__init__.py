"""Synthetic registries for measuring the conflict-of-interest rules.

    liemchinh integrity_synth DIR --officials 50000 --seed 1 [--enterprises N] [--contracts N]
        [--id-rate 0.3] [--noise-rate 0.3] [--conflict-rate 0.01]
    liemchinh integrity_evaluate ALERTS.jsonl DIR/truth.jsonl [--json]

See generator.py for what is planted (truth.jsonl) and what must not fire (decoys.jsonl), and
liemchinh/integrity/evaluate.py for how alerts are matched to the truth.
"""
