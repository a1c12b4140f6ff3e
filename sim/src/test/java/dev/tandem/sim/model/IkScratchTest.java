package dev.tandem.sim.model;

import org.junit.jupiter.api.Test;

class IkScratchTest {
  @Test
  void scratch() {
    RobotKinematics k = new RobotKinematics(KinematicsTest.PANDA);
    double[] q = KinematicsTest.q(0.0, 0.41, 0.0, -1.85, 0.0, 2.26, 0.79);
    k.forward(q);
    double[] ee = k.eePosition().clone();
    double[] rot = k.eeRotation().clone();
    DlsIk ik = new DlsIk(KinematicsTest.PANDA, 0.02, 0.3, 0.4);
    double[] qd = new double[9];
    ik.velocity(q, new double[3], ee, rot, 50, 50, q, 1.0, qd);
    System.out.println(java.util.Arrays.toString(qd));
    ik.velocity(q, new double[] {0, 0, -0.5}, ee, rot, 50, 50, q, 1.0, qd);
    System.out.println(java.util.Arrays.toString(qd));
  }
}
