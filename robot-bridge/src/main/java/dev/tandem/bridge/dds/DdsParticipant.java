package dev.tandem.bridge.dds;

import com.eprosima.xmlschemas.fastrtps_profiles.DurabilityQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.HistoryQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.LocatorListType;
import com.eprosima.xmlschemas.fastrtps_profiles.ReliabilityQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.Udpv4LocatorType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import us.ihmc.pubsub.Domain;
import us.ihmc.pubsub.DomainFactory;
import us.ihmc.pubsub.TopicDataType;
import us.ihmc.pubsub.attributes.CommonAttributes;
import us.ihmc.pubsub.attributes.DDSConversionTools;
import us.ihmc.pubsub.attributes.ParticipantProfile;
import us.ihmc.pubsub.attributes.PublisherAttributes;
import us.ihmc.pubsub.attributes.SubscriberAttributes;
import us.ihmc.pubsub.common.MatchingInfo;
import us.ihmc.pubsub.common.SampleInfo;
import us.ihmc.pubsub.common.Time;
import us.ihmc.pubsub.participant.Participant;
import us.ihmc.pubsub.publisher.Publisher;
import us.ihmc.pubsub.subscriber.Subscriber;
import us.ihmc.pubsub.subscriber.SubscriberListener;

/**
 * One DDS participant speaking ROS 2 (Fast-DDS through ihmc-pub-sub), and the single owner of it
 * and of every reader and writer made from it: {@link #close()} removes them all.
 *
 * <p>Follows what ../shared/STACK.md found on these machines: topics use ROS 2 names on the wire
 * ({@code /joint_states} is {@code rt/joint_states}, no namespace or partition), QoS is always
 * explicit, the participant binds to one interface address (127.0.0.1 unless configured) and has a
 * finite discovery lease, and writers report their matches so callers can wait for a reader before
 * publishing (samples written before a match are lost).
 */
public final class DdsParticipant implements AutoCloseable {

  /** Reliability, history depth and durability of one reader or writer. */
  public record Qos(boolean reliable, int historyDepth) {
    public Qos {
      if (historyDepth < 1) {
        throw new IllegalArgumentException(
            "qos.historyDepth: found " + historyDepth + ", expected an integer >= 1");
      }
    }

    /** ROS 2's default profile: reliable, keep last 10, volatile. */
    public static Qos rosDefault() {
      return new Qos(true, 10);
    }

    /** ROS 2's sensor-data profile: best effort, keep last 5. */
    public static Qos sensorData() {
      return new Qos(false, 5);
    }
  }

  /** A writer and the number of readers it currently matches. */
  public static final class Writer<T> {
    private final Publisher publisher;
    private final AtomicInteger matched;

    private Writer(Publisher publisher, AtomicInteger matched) {
      this.publisher = publisher;
      this.matched = matched;
    }

    /** Writes one sample; false (never an exception) when the middleware refused it. */
    public boolean write(T sample) {
      try {
        publisher.write(sample);
        return true;
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }

    public int matchedReaders() {
      return matched.get();
    }

    /** Waits until at least one reader matches; false when {@code timeoutNanos} passed first. */
    public boolean awaitMatch(long timeoutNanos) throws InterruptedException {
      long end = System.nanoTime() + timeoutNanos;
      while (matched.get() == 0) {
        if (System.nanoTime() - end > 0) {
          return false;
        }
        TimeUnit.MILLISECONDS.sleep(5);
      }
      return true;
    }
  }

  private final Domain domain;
  private final Participant participant;
  private final List<Publisher> publishers = new ArrayList<>();
  private final List<Subscriber<?>> subscribers = new ArrayList<>();
  private boolean closed;
  private volatile boolean closing;
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * Joins ROS 2 domain {@code domainId} on the interface with address {@code interfaceAddress}
   * only, with a discovery lease of {@code leaseSeconds} (a peer silent for that long is dropped).
   *
   * @throws IllegalArgumentException for an address that is not an IP literal
   * @throws UncheckedIOException when the middleware cannot create the participant
   */
  @SuppressWarnings("deprecation") // the enum is the only way to name Fast-DDS explicitly
  public DdsParticipant(String name, int domainId, String interfaceAddress, double leaseSeconds) {
    if (!(leaseSeconds >= 0.5 && leaseSeconds <= 600)) {
      throw new IllegalArgumentException(
          "participantLeaseSeconds: found " + leaseSeconds + ", expected 0.5 to 600");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(requireLiteral(interfaceAddress));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "interfaceAddress: '" + interfaceAddress + "' is not an IP address", e);
    }
    this.domain = DomainFactory.getDomain(DomainFactory.PubSubImplementation.FAST_RTPS);
    ParticipantProfile profile =
        ParticipantProfile.create()
            .domainId(domainId)
            .name(name)
            .discoveryLeaseDuration(time(leaseSeconds))
            .bindToAddressRestrictions(true, List.of(address));
    // Discovery by unicast to the interface's own address: loopback has no multicast here, and a
    // peer (Fast-DDS or not) is found at the well-known ports of the first participant indices.
    Udpv4LocatorType peer = new Udpv4LocatorType();
    peer.setAddress(address.getHostAddress());
    LocatorListType.Locator locator = new LocatorListType.Locator();
    locator.getUdpv4().add(peer);
    LocatorListType peers = new LocatorListType();
    peers.getLocator().add(locator);
    profile.getProfile().getRtps().getBuiltin().setInitialPeersList(peers);
    // Fast-DDS refuses a lease shorter than the announcement period (3 s by default), and the
    // native side then crashes the JVM: announce three times per lease.
    profile
        .getProfile()
        .getRtps()
        .getBuiltin()
        .getDiscoveryConfig()
        .setLeaseAnnouncement(DDSConversionTools.timeToDurationType(time(leaseSeconds / 3)));
    try {
      // no participant listener: with one, ihmc-pub-sub prints every discovery event on stdout
      // (which must stay clean: `tandem bench` prints JSON there)
      this.participant = domain.createParticipant(profile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot join ROS 2 domain " + domainId, e);
    }
  }

  private static String requireLiteral(String address) {
    if (address == null || !address.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      throw new IllegalArgumentException(
          "interfaceAddress: '" + address + "' is not an IP address (e.g. 127.0.0.1)");
    }
    return address;
  }

  private static Time time(double seconds) {
    int whole = (int) Math.floor(seconds);
    return new Time(whole, Math.round((seconds - whole) * 1e9));
  }

  /** The DDS topic name of a ROS 2 topic: {@code /a/b} is {@code rt/a/b}. */
  public static String wireName(String rosTopic) {
    String t = rosTopic.startsWith("/") ? rosTopic.substring(1) : rosTopic;
    return "rt/" + t;
  }

  /** A writer on ROS 2 topic {@code topic}. */
  public synchronized <T> Writer<T> writer(TopicDataType<T> type, String topic, Qos qos) {
    register(type);
    AtomicInteger matched = new AtomicInteger();
    PublisherAttributes attributes = configure(PublisherAttributes.create(), type, topic, qos);
    try {
      Publisher p =
          domain.createPublisher(
              participant,
              attributes,
              (pub, info) ->
                  matched.addAndGet(
                      info.getStatus() == MatchingInfo.MatchingStatus.MATCHED_MATCHING ? 1 : -1));
      publishers.add(p);
      return new Writer<>(p, matched);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish " + topic, e);
    }
  }

  /**
   * A reader on ROS 2 topic {@code topic}: {@code onSample} gets each sample (a fresh object) with
   * its source timestamp, on the middleware's thread. It must not throw; whatever it throws is
   * dropped with the sample.
   */
  public synchronized <T> void reader(
      TopicDataType<T> type, String topic, Qos qos, Consumer<T> onSample) {
    register(type);
    SubscriberAttributes attributes = configure(SubscriberAttributes.create(), type, topic, qos);
    SubscriberListener<T> listener =
        new SubscriberListener<>() {
          private final SampleInfo info = new SampleInfo();

          @Override
          public void onNewDataMessage(Subscriber<T> s) {
            // close() waits for callbacks in flight and lets no new one take (see close)
            inFlight.incrementAndGet();
            try {
              if (closing) {
                return;
              }
              // one call per sample; taking until empty makes the native side log an error
              T sample = type.createData();
              if (s.takeNextData(sample, info)) {
                try {
                  onSample.accept(sample);
                } catch (RuntimeException e) {
                  // the caller counts bad samples; a throwing callback must not kill the reader
                }
              }
            } finally {
              inFlight.decrementAndGet();
            }
          }

          @Override
          public void onSubscriptionMatched(Subscriber<T> s, MatchingInfo info) {}
        };
    try {
      subscribers.add(domain.createSubscriber(participant, attributes, listener));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot subscribe to " + topic, e);
    }
  }

  private void register(TopicDataType<?> type) {
    if (domain.getRegisteredType(participant, type.getName()) == null) {
      domain.registerType(participant, type);
    }
  }

  private static <A extends CommonAttributes<A>> A configure(
      A attributes, TopicDataType<?> type, String topic, Qos qos) {
    return attributes
        .topicDataType(type)
        .topicName(wireName(topic))
        .reliabilityKind(
            qos.reliable()
                ? ReliabilityQosKindPolicyType.RELIABLE
                : ReliabilityQosKindPolicyType.BEST_EFFORT)
        .durabilityKind(DurabilityQosKindPolicyType.VOLATILE)
        .historyQosPolicyKind(HistoryQosKindPolicyType.KEEP_LAST)
        .historyDepth(qos.historyDepth());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // ihmc-pub-sub deadlocks when a subscriber is deleted while its listener waits to take a
    // sample (the delete holds the lock takeNextData needs and waits for the listener): let no
    // callback take from now on, and wait for those already inside
    closing = true;
    while (inFlight.get() > 0) {
      Thread.onSpinWait();
    }
    for (Subscriber<?> s : subscribers) {
      domain.removeSubscriber(s);
    }
    for (Publisher p : publishers) {
      domain.removePublisher(p);
    }
    domain.removeParticipant(participant);
  }
}
