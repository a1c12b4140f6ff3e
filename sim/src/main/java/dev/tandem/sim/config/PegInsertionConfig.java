package dev.tandem.sim.config;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.sim.task.PegInsertionTask;
import dev.tandem.sim.task.Task;
import dev.tandem.sim.task.Workcell;

/**
 * Tandem's contact-rich task: the hand starts holding a square peg ({@code pegWidthMeters} wide,
 * {@code pegLengthMeters} long, {@code pegMassKg}) and must insert it into a square hole ({@code
 * holeWidthMeters} wide, {@code holeDepthMeters} deep) in a fixture on the table whose centre is
 * sampled in a {@code holeXyRangeMeters} square around the table centre. Success when the peg's tip
 * is at least {@code successDepthMeters} inside the hole (the achieved goal is the tip, the desired
 * goal the bottom of the hole; the threshold is {@code holeDepthMeters - successDepthMeters}). The
 * gripper keeps squeezing and is not part of the action.
 */
public record PegInsertionConfig(
    SimSettings sim,
    double pegWidthMeters,
    double pegLengthMeters,
    double pegMassKg,
    double holeWidthMeters,
    double holeDepthMeters,
    double holeXyRangeMeters,
    double successDepthMeters)
    implements TaskConfig {

  public PegInsertionConfig {
    sim = sim == null ? SimSettings.defaults() : sim;
    ConfigChecks.inRange(pegWidthMeters, 0.005, 0.06, "pegWidthMeters");
    ConfigChecks.inRange(pegLengthMeters, 0.03, 0.2, "pegLengthMeters");
    ConfigChecks.inRange(pegMassKg, 0.005, 1, "pegMassKg");
    ConfigChecks.inRange(holeDepthMeters, 0.005, 0.1, "holeDepthMeters");
    ConfigChecks.inRange(holeXyRangeMeters, 0, 0.4, "holeXyRangeMeters");
    if (!(holeWidthMeters > pegWidthMeters && holeWidthMeters < pegWidthMeters + 0.02)) {
      throw new IllegalArgumentException(
          "holeWidthMeters: found "
              + holeWidthMeters
              + ", expected wider than the peg ("
              + pegWidthMeters
              + ") by less than 2 cm");
    }
    if (!(successDepthMeters > 0 && successDepthMeters <= holeDepthMeters)) {
      throw new IllegalArgumentException(
          "successDepthMeters: found "
              + successDepthMeters
              + ", expected a depth in (0, holeDepthMeters = "
              + holeDepthMeters
              + "]");
    }
    if (!(pegLengthMeters > holeDepthMeters + 0.03)) {
      throw new IllegalArgumentException(
          "pegLengthMeters: found "
              + pegLengthMeters
              + ", expected more than holeDepthMeters + 3 cm = "
              + (holeDepthMeters + 0.03)
              + " (room to grip it)");
    }
  }

  /** 20 mm peg, 22 mm hole (1 mm clearance per side), 4 cm deep, 2.5 cm insertion to succeed. */
  public static PegInsertionConfig defaults() {
    return new PegInsertionConfig(SimSettings.defaults(), 0.02, 0.1, 0.05, 0.022, 0.04, 0.2, 0.025);
  }

  @Override
  public String taskName() {
    return "PegInsertion";
  }

  /** Distance (m) between the peg tip and the hole bottom below which the peg counts as in. */
  public double successDistanceMeters() {
    return holeDepthMeters - successDepthMeters;
  }

  @Override
  public PegInsertionConfig withSim(SimSettings newSim) {
    return new PegInsertionConfig(
        newSim,
        pegWidthMeters,
        pegLengthMeters,
        pegMassKg,
        holeWidthMeters,
        holeDepthMeters,
        holeXyRangeMeters,
        successDepthMeters);
  }

  @Override
  public Task newTask(Workcell cell) {
    return new PegInsertionTask(cell, this);
  }
}
