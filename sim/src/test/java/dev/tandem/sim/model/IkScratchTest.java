package dev.tandem.sim.model;

import org.junit.jupiter.api.Test;

class IkScratchTest {
  @Test
  void scratch() {
    RobotKinematics k = new RobotKinematics(KinematicsTest.PANDA);
    double[] q0 = KinematicsTest.q(0.0, 0.41, 0.0, -1.85, 0.0, 2.26, 0.79);
    k.forward(q0);
    double[] rot = k.eeRotation().clone();
    DlsIk ik = new DlsIk(KinematicsTest.PANDA, 0.001, 0.3, 0.4);
    for (double x : new double[] {0.45, 0.55, 0.65, 0.7, 0.75, 0.8}) {
      for (double z : new double[] {0.02, 0.1, 0.2}) {
        double[] out = new double[9];
        double err = ik.solve(q0, new double[] {x, 0, z}, rot, q0, 0.0, 200, out);
        System.out.printf(
            "x=%.2f z=%.2f err=%.4f q=%s%n",
            x,
            z,
            err,
            java.util.Arrays.toString(
                java.util.Arrays.stream(out)
                    .limit(7)
                    .mapToObj(d -> String.format("%.3f", d))
                    .toArray()));
      }
    }
  }
}
