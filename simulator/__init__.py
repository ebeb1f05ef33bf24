"""dcsim: a conversational simulator for practising with difficult customers."""

__version__ = "0.1.0"
