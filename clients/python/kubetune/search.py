"""Search-space helpers for `Client.tune`, in Katib's terms (parameterType and feasibleSpace)."""


def double(min, max, log=False, step=None):
    """A real number in [min, max]; `log` samples it log-uniformly."""
    space = {"min": str(min), "max": str(max), "distribution": "logUniform" if log else "uniform"}
    if step is not None:
        space["step"] = str(step)
    return {"parameterType": "double", "feasibleSpace": space}


def int(min, max, step=None):  # noqa: A001 - named after Katib's parameterType
    """An integer in [min, max]."""
    space = {"min": str(min), "max": str(max)}
    if step is not None:
        space["step"] = str(step)
    return {"parameterType": "int", "feasibleSpace": space}


def categorical(values):
    """One of `values` (strings, or numbers given as strings)."""
    return {"parameterType": "categorical", "feasibleSpace": {"list": [str(v) for v in values]}}


def discrete(values):
    """One of a finite list of numbers."""
    return {"parameterType": "discrete", "feasibleSpace": {"list": [str(v) for v in values]}}
