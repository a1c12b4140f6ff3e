package dev.tandem.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad cluster options are refused with one line naming the option, exit 2, before anything runs.
 */
class ClusterCliTest {
  @TempDir Path dir;

  @Test
  void aJoinAddressWithoutAPortIsRefused() {
    var r = CliRuns.tandem("worker", "--join", "127.0.0.1", "--work", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines())
        .singleElement()
        .asString()
        .contains("join: '127.0.0.1', expected host:port of the coordinator");
  }

  @Test
  void aLoopbackWorkerCannotJoinACoordinatorOnAnotherMachine() {
    // refused before anything starts: nothing is sent to that address
    var r = CliRuns.tandem("worker", "--join", "10.1.2.3:25520", "--work", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines())
        .singleElement()
        .asString()
        .contains("--host: 127.0.0.1 is reachable from this machine only")
        .contains("the coordinator 10.1.2.3 is elsewhere");
  }

  @Test
  void aWorkerNobodyLetsInGivesUpWithOneLine() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort(); // free: no coordinator listens there
    }
    var r =
        CliRuns.tandem(
            "worker",
            "--join",
            "127.0.0.1:" + port,
            "--join-timeout-seconds",
            "2",
            "--work",
            dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines().get(r.errLines().size() - 1))
        .contains("worker: could not join the coordinator at 127.0.0.1:" + port + " within 2 s");
  }

  @Test
  void tlsNeedsBothStoresAndThePassword() throws Exception {
    Path key = Files.writeString(dir.resolve("key.p12"), "x");
    var oneStore =
        CliRuns.tandem("worker", "--join", "127.0.0.1:25520", "--tls-key-store", key.toString());
    assertThat(oneStore.exit()).isEqualTo(2);
    assertThat(oneStore.errLines())
        .singleElement()
        .asString()
        .contains("--tls-key-store and --tls-trust-store: give both");
    var noPassword =
        CliRuns.tandem(
            "worker",
            "--join",
            "127.0.0.1:25520",
            "--tls-key-store",
            key.toString(),
            "--tls-trust-store",
            key.toString(),
            "--tls-password-env",
            "TANDEM_TEST_UNSET_PASSWORD_VARIABLE");
    assertThat(noPassword.exit()).isEqualTo(2);
    assertThat(noPassword.errLines())
        .singleElement()
        .asString()
        .contains("TANDEM_TEST_UNSET_PASSWORD_VARIABLE is not set");
  }

  @Test
  void aLearnerNeedsADeployedMethodAndSensibleCounts() throws Exception {
    Path undeployed =
        Files.writeString(
            dir.resolve("undeployed.yaml"),
            """
            type: experiment
            name: x
            tasks: [{type: Reach, goalRangeMeters: 0.3, distanceThresholdMeters: 0.05}]
            seeds: [1]
            methods:
              - name: bc
                weighting: bc
                deploy: false
            """);
    var none =
        CliRuns.tandem("learner", undeployed.toString(), "--out", dir.resolve("o").toString());
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.errLines())
        .singleElement()
        .asString()
        .contains("undeployed.yaml: methods: the actor/learner split trains a deployed method");
    Path ok =
        Files.writeString(
            dir.resolve("ok.yaml"),
            """
            type: experiment
            name: x
            tasks: [{type: Reach, goalRangeMeters: 0.3, distanceThresholdMeters: 0.05}]
            seeds: [1]
            methods: [{name: sirius, weighting: sirius}]
            """);
    var zero =
        CliRuns.tandem(
            "learner", ok.toString(), "--out", dir.resolve("o").toString(), "--versions", "0");
    assertThat(zero.exit()).isEqualTo(2);
    assertThat(zero.errLines()).singleElement().asString().contains("expected at least 1 each");
    var badName = CliRuns.tandem("worker", "--join", "127.0.0.1:25520", "--actor", "arm 1");
    assertThat(badName.exit()).isEqualTo(2);
    assertThat(badName.errLines()).singleElement().asString().contains("--actor: 'arm 1'");
  }
}
