package dev.tandem.sim;

import org.junit.jupiter.api.Test;

class BenchProbeTest {
  @Test
  void probe() throws Exception {
    int n = Integer.getInteger("episodes", 30);
    var r =
        SimBenchmark.run(
            n,
            java.util.List.of(
                System.getProperty("tasks", "Reach,Push,PickAndPlace,PegInsertion").split(",")),
            Boolean.getBoolean("camera"));
    System.out.println(
        new com.fasterxml.jackson.databind.ObjectMapper()
            .writerWithDefaultPrettyPrinter()
            .writeValueAsString(r));
  }
}
