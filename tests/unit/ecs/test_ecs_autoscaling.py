"""Application Auto Scaling simulation: target tracking, step scaling, schedules, clamping."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tutor.ecs import AutoScalingSimulator, StepAdjustment, ValidationException, resource_id

CPU = "ECSServiceAverageCPUUtilization"
WEB = resource_id("default", "web")


def simulator(desired: int = 2, low: int = 1, high: int = 10) -> AutoScalingSimulator:
    sim = AutoScalingSimulator()
    sim.register_scalable_target(WEB, low, high, desired)
    return sim


def test_resource_id_shape() -> None:
    assert WEB == "service/default/web"
    with pytest.raises(ValidationException):
        simulator().register_scalable_target("cluster/default/web", 1, 2, 1)
    with pytest.raises(ValidationException, match="Unsupported service namespace"):
        AutoScalingSimulator().register_scalable_target(WEB, 1, 2, 1, scalable_dimension="ecs:service:Cpu")
    with pytest.raises(ValidationException, match="Minimum capacity cannot be greater than maximum capacity"):
        AutoScalingSimulator().register_scalable_target(WEB, 5, 2, 1)


def test_target_tracking_scales_out_after_three_minutes_within_max() -> None:
    sim = simulator(desired=2, high=3)
    sim.put_target_tracking_policy(WEB, "cpu50", CPU, 50)
    sim.set_metric(WEB, CPU, 90, minutes=10, scale_with_tasks=False)
    assert sim.advance(2) == []
    [activity] = sim.advance(1)
    assert activity.old_desired == 2 and activity.new_desired == 3  # ceil(2 * 90 / 50) = 4, clamped to max 3
    assert activity.description == "Setting desired count to 3."
    assert "AlarmHigh" in activity.cause and activity.start_time == datetime(2026, 1, 1, 0, 3, tzinfo=UTC)
    assert sim.advance(20) == [] and sim.target(WEB).desired == 3


def test_target_tracking_formula_and_load_model() -> None:
    sim = simulator(desired=2)
    sim.put_target_tracking_policy(WEB, "cpu50", CPU, 50)
    sim.set_metric(WEB, CPU, 90, minutes=30)  # 90 % at 2 tasks: same load on 4 tasks reads 45 %
    activities = sim.advance(30)
    assert [(a.old_desired, a.new_desired) for a in activities] == [(2, 4)]
    assert sim.metric_value(WEB, CPU, minute=29) == pytest.approx(45)
    assert sim.metric_value(WEB, CPU) is None  # the 30-minute segment has ended


def test_scale_out_cooldown_then_further_scale_out() -> None:
    sim = simulator(desired=1, high=20)
    sim.put_target_tracking_policy(WEB, "cpu50", CPU, 50, scale_out_cooldown=300)
    sim.set_metric(WEB, CPU, 100, minutes=60, scale_with_tasks=False)
    times = [(a.start_time.minute, a.new_desired) for a in sim.advance(20)]
    assert times == [(3, 2), (8, 4), (13, 8), (18, 16)]


def test_scale_in_is_conservative_and_respects_min() -> None:
    sim = simulator(desired=6, low=2)
    sim.put_target_tracking_policy(WEB, "cpu50", CPU, 50)
    sim.set_metric(WEB, CPU, 10, minutes=60, scale_with_tasks=False)
    first = sim.advance(15)
    assert [a.start_time.minute for a in first] == [15]
    assert first[0].new_desired == 2 and "AlarmLow" in first[0].cause  # ceil(6*10/50)=2
    assert sim.advance(45) == []


def test_scale_in_needs_fifteen_low_minutes_below_ninety_percent_of_target() -> None:
    sim = simulator(desired=4)
    sim.put_target_tracking_policy(WEB, "cpu50", CPU, 50)
    sim.set_metric(WEB, CPU, 46, minutes=60, scale_with_tasks=False)  # 46 > 45 = 90 % of 50
    assert sim.advance(60) == []


def test_disable_scale_in() -> None:
    sim = simulator(desired=4)
    sim.put_target_tracking_policy(WEB, "cpu50", CPU, 50, disable_scale_in=True)
    sim.set_metric(WEB, CPU, 1, minutes=60)
    assert sim.advance(60) == []


def test_no_data_means_no_scaling() -> None:
    sim = simulator()
    sim.put_target_tracking_policy(WEB, "cpu50", CPU, 50)
    sim.set_metric(WEB, CPU, 99, minutes=2)
    assert sim.advance(30) == []


def test_step_scaling_change_in_capacity_steps() -> None:
    sim = simulator(desired=2, high=20)
    sim.put_step_scaling_policy(WEB, "steps", metric=CPU, comparison="GreaterThanOrEqualToThreshold", threshold=70,
                                steps=[StepAdjustment(1, 0, 15), StepAdjustment(3, 15, None)], cooldown=120)
    sim.set_metric(WEB, CPU, 75, minutes=1, scale_with_tasks=False)
    sim.set_metric(WEB, CPU, 95, minutes=5, start_in=1, scale_with_tasks=False)
    result = [(a.start_time.minute, a.old_desired, a.new_desired) for a in sim.advance(6)]
    assert result == [(1, 2, 3), (3, 3, 6), (5, 6, 9)]


def test_step_scaling_percent_and_exact() -> None:
    sim = simulator(desired=10, high=100)
    sim.put_step_scaling_policy(WEB, "pct", metric=CPU, comparison="GreaterThanThreshold", threshold=50,
                                steps=[StepAdjustment(25, 0, None)], adjustment_type="PercentChangeInCapacity")
    sim.set_metric(WEB, CPU, 80, minutes=1, scale_with_tasks=False)
    assert [a.new_desired for a in sim.advance(1)] == [12]  # 10 * 25 % = 2.5, rounded toward zero
    sim2 = simulator(desired=2)
    sim2.put_step_scaling_policy(WEB, "exact", metric=CPU, comparison="LessThanThreshold", threshold=20,
                                 steps=[StepAdjustment(1, None, 0)], adjustment_type="ExactCapacity", evaluation_periods=2)
    sim2.set_metric(WEB, CPU, 5, minutes=5, scale_with_tasks=False)
    assert [(a.start_time.minute, a.new_desired) for a in sim2.advance(5)] == [(2, 1)]


def test_step_scaling_validation() -> None:
    sim = simulator()
    with pytest.raises(ValidationException, match="overlap"):
        sim.put_step_scaling_policy(WEB, "bad", metric=CPU, comparison="GreaterThanThreshold", threshold=1,
                                    steps=[StepAdjustment(1, 0, 20), StepAdjustment(2, 10, None)])
    with pytest.raises(ValidationException, match="AdjustmentType"):
        sim.put_step_scaling_policy(WEB, "bad", metric=CPU, comparison="GreaterThanThreshold", threshold=1,
                                    steps=[StepAdjustment(1, 0, None)], adjustment_type="Double")
    with pytest.raises(ValidationException, match="predefined metric"):
        sim.put_target_tracking_policy(WEB, "x", "CPUUtilization", 50)


def test_scheduled_actions_change_min_and_max() -> None:
    sim = simulator(desired=2)
    sim.put_scheduled_action(WEB, "morning", "cron(30 0 * * ? *)", min_capacity=5, max_capacity=8)
    sim.put_scheduled_action(WEB, "later", "at(2026-01-01T02:00:00)", min_capacity=1, max_capacity=3)
    activities = sim.advance(180)
    assert [(a.start_time.hour, a.start_time.minute, a.new_desired) for a in activities] == [(0, 30, 5), (2, 0, 3)]
    assert (sim.target(WEB).min_capacity, sim.target(WEB).max_capacity) == (1, 3)


def test_rate_schedule_and_invalid_schedules() -> None:
    sim = simulator(desired=1, high=1)
    sim.put_scheduled_action(WEB, "tick", "rate(30 minutes)", max_capacity=1)
    assert [a.start_time.minute for a in sim.advance(90)] == [30, 0, 30]
    for bad in ("rate(1 minutes)", "cron(0 0 * * * *)", "cron(0 0 *)", "every 5 minutes", "cron(0 0 L * ? *)"):
        with pytest.raises(ValidationException):
            sim.put_scheduled_action(WEB, "bad", bad)


def test_registering_clamps_and_notifies() -> None:
    changes: list[tuple[str, int, int]] = []
    sim = AutoScalingSimulator(on_change=lambda rid, old, new: changes.append((rid, old, new)))
    sim.register_scalable_target(WEB, 3, 10, 1)
    assert sim.target(WEB).desired == 3 and changes == [(WEB, 1, 3)]
    assert sim.activities[0].to_api()["ScalableDimension"] == "ecs:service:DesiredCount"
    with pytest.raises(ValidationException, match="No scalable target"):
        sim.set_metric(resource_id("default", "other"), CPU, 1, 1)
