"""Train/eval flags and running statistics of frozen regions: set, re-asserted, restored."""

from __future__ import annotations

from torch.utils.hooks import RemovableHandle

from ._bind import Plan
from ._policy import EvalHook, OutputRequiresGradHook

__all__ = ["ModuleModes"]


class ModuleModes:
    """Puts the submodules of frozen units in the mode their norm policy wants.

    Each submodule's own ``training`` and ``track_running_stats`` flags are recorded at the
    first change and restored when no frozen unit covers it any more.
    """

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.eval: dict[str, RemovableHandle] = {}
        self.out_grads: dict[str, RemovableHandle] = {}
        self.saved_training: dict[str, bool] = {}
        self.saved_stats: dict[str, bool] = {}

    def set(self, units: frozenset[str]) -> None:
        """Apply the policies of ``units`` (the frozen set) and undo those of the others."""
        plan = self.plan
        want_eval: set[str] = set()
        want_stats: set[str] = set()
        for u in units:
            want_eval |= plan.units[u].eval_modules
            want_stats |= plan.units[u].batch_stats_modules
        for n in set(self.eval) - want_eval:
            self.eval.pop(n).remove()
            plan.modules[n].training = self.saved_training.pop(n, plan.modules[n].training)
        for n in want_eval - set(self.eval):
            m = plan.modules[n]
            self.saved_training.setdefault(n, m.training)
            m.training = False
            self.eval[n] = m.register_forward_pre_hook(EvalHook())
        want_out = {u for u in units if plan.units[u].output_requires_grad}
        for n in set(self.out_grads) - want_out:
            self.out_grads.pop(n).remove()
        for n in want_out - set(self.out_grads):
            self.out_grads[n] = plan.modules[n].register_forward_hook(OutputRequiresGradHook())
        for n in set(self.saved_stats) - want_stats:
            setattr(plan.modules[n], "track_running_stats", self.saved_stats.pop(n))  # noqa: B010
        for n in want_stats - set(self.saved_stats):
            m = plan.modules[n]
            self.saved_stats[n] = bool(getattr(m, "track_running_stats", True))
            setattr(m, "track_running_stats", False)  # noqa: B010
