"""Portfolio analytics: returns, risk, drawdown, performance with cash flows, allocation.

Metrics take a return series as a list, NumPy array or pandas object: 1-D (periods) gives a float,
2-D (periods x assets) gives a NumPy array with one value per asset (a DataFrame's columns, in
order), computed in one vectorised pass down axis 0. NaN is refused rather than skipped: drop or
fill missing periods first.
Definitions follow empyrical and are written out in each docstring. Money (valuations, flows,
allocations, trades) stays exact ``Decimal``; rates and ratios are floats.

This package is not imported by ``import fin_infra``; import it as ``fin_infra.analytics``.

>>> from fin_infra import analytics as fa
>>> round(fa.max_drawdown([0.1, -0.2, 0.05]), 4)
-0.2
"""

from __future__ import annotations

from fin_infra.analytics.allocation import (
    Allocation,
    allocation,
    drift,
    holding_values,
)
from fin_infra.analytics.drawdown import (
    Drawdown,
    drawdown_details,
    drawdown_periods,
    drawdown_series,
    max_drawdown,
)
from fin_infra.analytics.performance import (
    flow_adjusted_returns,
    linked_modified_dietz,
    modified_dietz,
    money_weighted_return,
    time_weighted_return,
)
from fin_infra.analytics.rebalance import RebalancePlan, Trade, rebalance
from fin_infra.analytics.returns import (
    annual_volatility,
    cagr,
    cum_return,
    cum_returns,
    log_returns,
    simple_returns,
)
from fin_infra.analytics.risk import (
    alpha,
    alpha_beta,
    beta,
    calmar_ratio,
    downside_deviation,
    expected_shortfall,
    sharpe_ratio,
    sortino_ratio,
    value_at_risk,
)
from fin_infra.analytics.rolling import (
    rolling_beta,
    rolling_expected_shortfall,
    rolling_max_drawdown,
    rolling_sharpe_ratio,
    rolling_sortino_ratio,
    rolling_value_at_risk,
    rolling_volatility,
)

__all__ = [
    "Allocation",
    "Drawdown",
    "RebalancePlan",
    "Trade",
    "allocation",
    "alpha",
    "alpha_beta",
    "annual_volatility",
    "beta",
    "cagr",
    "calmar_ratio",
    "cum_return",
    "cum_returns",
    "downside_deviation",
    "drawdown_details",
    "drawdown_periods",
    "drawdown_series",
    "drift",
    "expected_shortfall",
    "flow_adjusted_returns",
    "holding_values",
    "linked_modified_dietz",
    "log_returns",
    "max_drawdown",
    "modified_dietz",
    "money_weighted_return",
    "rebalance",
    "rolling_beta",
    "rolling_expected_shortfall",
    "rolling_max_drawdown",
    "rolling_sharpe_ratio",
    "rolling_sortino_ratio",
    "rolling_value_at_risk",
    "rolling_volatility",
    "sharpe_ratio",
    "simple_returns",
    "sortino_ratio",
    "time_weighted_return",
    "value_at_risk",
]
