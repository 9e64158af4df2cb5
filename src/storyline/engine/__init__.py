"""Engines: the same per-document pipeline on this machine's cores (`local`, the default) or
on a Ray cluster (`ray`). Engines ship configuration to workers, never loaded models; one
writer on the driver stores the results. Ray is imported only when the ray engine is chosen.
"""

from storyline.engine.driver import ENGINES, EngineReport, EngineSettings
from storyline.engine.run import load_shards, run_engine

__all__ = ["ENGINES", "EngineReport", "EngineSettings", "load_shards", "run_engine"]
