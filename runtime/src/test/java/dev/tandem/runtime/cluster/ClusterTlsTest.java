package dev.tandem.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artery with mutual TLS between cluster nodes on 127.0.0.1, certificates made here with the JDK's
 * keytool: a node holding the cluster's certificate joins the coordinator; a node with a
 * certificate the coordinator does not trust never becomes a member.
 */
// a cluster that never converges (a worker downed by a starved failure detector) must fail the
// test, not hang the build
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterTlsTest {
  private static final String PASSWORD = "cluster-test-pw";

  @TempDir Path dir;

  @Test
  void aNodeWithoutTheTrustedCertificateCannotJoin() throws Exception {
    Process rogueKeytool = keyPair("rogue");
    Process clusterKeytool = keyPair("cluster");
    Path rogueKey = await(rogueKeytool, "rogue");
    Path clusterKey = await(clusterKeytool, "cluster");
    Path trustCluster = trustStore(clusterKey, "cluster");
    int port = ClusterProcesses.freePort();
    String join = "127.0.0.1:" + port;
    List<ActorSystem<Void>> systems = new ArrayList<>();
    try {
      ActorSystem<Void> coordinator =
          start(
              systems,
              new ClusterSettings(
                  "127.0.0.1", port, Optional.empty(), tls(clusterKey, trustCluster)));
      // the rogue trusts the coordinator's certificate, but the coordinator does not trust its own
      ActorSystem<Void> rogue =
          start(
              systems,
              new ClusterSettings("127.0.0.1", 0, Optional.of(join), tls(rogueKey, trustCluster)));
      ActorSystem<Void> worker =
          start(
              systems,
              new ClusterSettings(
                  "127.0.0.1", 0, Optional.of(join), tls(clusterKey, trustCluster)));

      awaitUp(worker, Duration.ofSeconds(40));
      assertThat(Cluster.get(coordinator).selfMember().address().getHost())
          .as("binds the loopback address")
          .contains("127.0.0.1");
      Thread.sleep(3000); // the rogue has been trying since before the worker was up
      assertThat(Cluster.get(rogue).selfMember().status()).isNotEqualTo(MemberStatus.up());
      List<String> members = new ArrayList<>();
      Cluster.get(coordinator)
          .state()
          .getMembers()
          .forEach(m -> members.add(m.address().toString()));
      assertThat(members)
          .containsExactlyInAnyOrder(
              Cluster.get(coordinator).selfMember().address().toString(),
              Cluster.get(worker).selfMember().address().toString());
    } finally {
      for (ActorSystem<Void> s : systems) {
        s.terminate();
      }
      // the rogue, still retrying its refused handshake, can take long to stop on a loaded machine
      // (over 30 s at load 20): teardown waits, the assertions above are the test
      for (ActorSystem<Void> s : systems) {
        s.getWhenTerminated().toCompletableFuture().get(120, TimeUnit.SECONDS);
      }
    }
  }

  private static ActorSystem<Void> start(List<ActorSystem<Void>> systems, ClusterSettings s) {
    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM, s.config());
    systems.add(system);
    return system;
  }

  private static void awaitUp(ActorSystem<Void> system, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (Cluster.get(system).selfMember().status() != MemberStatus.up()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "the node with the cluster's certificate did not join in " + timeout);
      }
      Thread.sleep(100);
    }
  }

  private static Optional<ClusterSettings.Tls> tls(Path key, Path trust) {
    return Optional.of(new ClusterSettings.Tls(key, trust, PASSWORD));
  }

  /**
   * Starts keytool making a PKCS12 key store {@code <name>.p12} with a new EC key and its
   * self-signed certificate, alias {@code name}.
   */
  private Process keyPair(String name) throws Exception {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair",
            "-alias",
            name,
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-dname",
            "CN=" + name,
            "-validity",
            "2",
            "-keystore",
            dir.resolve(name + ".p12").toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            PASSWORD,
            "-keypass",
            PASSWORD)
        .redirectErrorStream(true)
        .start();
  }

  private Path await(Process keytool, String name) throws Exception {
    String out = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor()).as("keytool for " + name + ": " + out).isZero();
    return dir.resolve(name + ".p12");
  }

  /** A PKCS12 trust store holding the certificate of the key store {@code keys}. */
  private Path trustStore(Path keys, String alias) throws Exception {
    KeyStore from = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keys)) {
      from.load(in, PASSWORD.toCharArray());
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry(alias, from.getCertificate(alias));
    Path store = dir.resolve("trust-" + alias + ".p12");
    try (OutputStream out = Files.newOutputStream(store)) {
      trust.store(out, PASSWORD.toCharArray());
    }
    return store;
  }
}
